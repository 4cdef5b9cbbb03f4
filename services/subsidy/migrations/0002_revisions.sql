-- Revisions of programs and beneficiaries: the etag of UpdateProgram and
-- UpdateBeneficiary (optimistic concurrency, AIP-154).

ALTER TABLE programs ADD COLUMN revision BIGINT NOT NULL DEFAULT 1;

ALTER TABLE beneficiaries ADD COLUMN revision BIGINT NOT NULL DEFAULT 1;
