-- Support programs, beneficiaries, grants and the append-only disbursement ledger.

CREATE TABLE programs (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  code VARCHAR(64) NOT NULL,
  title VARCHAR(512) NOT NULL,
  legal_basis TEXT NOT NULL,
  support_kind TINYINT NOT NULL,
  fund_source TINYINT NOT NULL,
  org_unit_code VARCHAR(32) NOT NULL,
  eligible_kinds VARCHAR(64) NOT NULL,
  cap_per_beneficiary_dong BIGINT NOT NULL,
  valid_from DATE NOT NULL,
  valid_to DATE NOT NULL,
  create_time TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  UNIQUE KEY programs_code (code),
  KEY programs_unit (org_unit_code)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_vietnamese_ci;

-- One row per program and fiscal year; approved_dong is the running sum of
-- approved grants, changed only under SELECT ... FOR UPDATE of this row.
CREATE TABLE program_budgets (
  program_id BIGINT NOT NULL,
  fiscal_year SMALLINT NOT NULL,
  budget_dong BIGINT NOT NULL,
  approved_dong BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (program_id, fiscal_year),
  CONSTRAINT fk_program_budgets_program FOREIGN KEY (program_id) REFERENCES programs (id),
  CONSTRAINT program_budgets_within CHECK (approved_dong >= 0 AND approved_dong <= budget_dong)
) ENGINE=InnoDB;

CREATE TABLE beneficiaries (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  kind TINYINT NOT NULL,
  registration_number VARCHAR(32) NULL,
  tax_code VARCHAR(32) NULL,
  id_number VARCHAR(32) NULL,
  display_name VARCHAR(512) NOT NULL,
  org_unit_code VARCHAR(32) NOT NULL,
  create_time TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  UNIQUE KEY beneficiaries_registration (registration_number),
  UNIQUE KEY beneficiaries_tax_code (tax_code),
  KEY beneficiaries_kind (kind, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_vietnamese_ci;

-- disbursed_net_dong is the running net of the grant's ledger entries, changed
-- only under SELECT ... FOR UPDATE of this row.
CREATE TABLE grants (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  program_id BIGINT NOT NULL,
  beneficiary_id BIGINT NOT NULL,
  beneficiary_kind TINYINT NOT NULL,
  org_unit_code VARCHAR(32) NOT NULL,
  fiscal_year SMALLINT NOT NULL,
  project_title VARCHAR(512) NOT NULL,
  application_date DATE NOT NULL,
  requested_dong BIGINT NOT NULL,
  state TINYINT NOT NULL,
  decision_number VARCHAR(128) NULL,
  decision_date DATE NULL,
  approved_dong BIGINT NOT NULL DEFAULT 0,
  reason VARCHAR(1024) NOT NULL DEFAULT '',
  disbursed_net_dong BIGINT NOT NULL DEFAULT 0,
  create_time TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  update_time TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  KEY grants_program (program_id, id),
  KEY grants_beneficiary (program_id, fiscal_year, beneficiary_id),
  KEY grants_unit_decision (org_unit_code, decision_date),
  CONSTRAINT fk_grants_program FOREIGN KEY (program_id) REFERENCES programs (id),
  CONSTRAINT fk_grants_beneficiary FOREIGN KEY (beneficiary_id) REFERENCES beneficiaries (id),
  CONSTRAINT grants_within CHECK (disbursed_net_dong >= 0 AND disbursed_net_dong <= approved_dong)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_vietnamese_ci;

CREATE TABLE disbursement_batches (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  control_count INT NOT NULL,
  control_sum_dong BIGINT NOT NULL,
  actor VARCHAR(256) NOT NULL,
  request_id VARCHAR(128) NOT NULL,
  create_time TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
) ENGINE=InnoDB;

-- Append-only: rows are never updated or deleted (triggers below). A reversal
-- names the disbursement it undoes; each disbursement is reversed at most once.
CREATE TABLE ledger_entries (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  grant_id BIGINT NOT NULL,
  kind TINYINT NOT NULL,
  amount_dong BIGINT NOT NULL,
  entry_date DATE NOT NULL,
  reversed_entry_id BIGINT NULL,
  batch_id BIGINT NULL,
  note VARCHAR(1024) NOT NULL,
  actor VARCHAR(256) NOT NULL,
  request_id VARCHAR(128) NOT NULL,
  create_time TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  KEY ledger_grant (grant_id, id),
  KEY ledger_date (entry_date),
  UNIQUE KEY ledger_reversed (reversed_entry_id),
  CONSTRAINT fk_ledger_grant FOREIGN KEY (grant_id) REFERENCES grants (id),
  CONSTRAINT fk_ledger_reversed FOREIGN KEY (reversed_entry_id) REFERENCES ledger_entries (id),
  CONSTRAINT fk_ledger_batch FOREIGN KEY (batch_id) REFERENCES disbursement_batches (id),
  CONSTRAINT ledger_positive CHECK (amount_dong > 0)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_vietnamese_ci;

CREATE TRIGGER ledger_entries_no_update BEFORE UPDATE ON ledger_entries FOR EACH ROW SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'ledger_entries is append-only';

CREATE TRIGGER ledger_entries_no_delete BEFORE DELETE ON ledger_entries FOR EACH ROW SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'ledger_entries is append-only';

-- Every mutation, with who made it and its request_id.
CREATE TABLE events (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  resource VARCHAR(128) NOT NULL,
  event_type VARCHAR(64) NOT NULL,
  detail VARCHAR(1024) NOT NULL,
  actor VARCHAR(256) NOT NULL,
  request_id VARCHAR(128) NOT NULL,
  create_time TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  KEY events_resource (resource, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_vietnamese_ci;

CREATE TABLE request_log (
  request_id VARCHAR(128) NOT NULL PRIMARY KEY,
  method VARCHAR(128) NOT NULL,
  fingerprint CHAR(16) NOT NULL,
  resource_id BIGINT NOT NULL,
  result_id BIGINT NOT NULL,
  created_at TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
) ENGINE=InnoDB;
