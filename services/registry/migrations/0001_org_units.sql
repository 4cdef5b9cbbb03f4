-- Administrative units (đơn vị hành chính), in every version: a code can name
-- different units before and after the 2025 reform, so a row is keyed on
-- (code, valid_from). Open ends use sentinel dates so that range tests need no
-- NULL handling: valid_from '1000-01-01' = since before our records,
-- valid_to '9999-12-31' = still valid. valid_to is inclusive.
CREATE TABLE org_units (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  code VARCHAR(10) NOT NULL,
  name VARCHAR(255) NOT NULL,
  level TINYINT NOT NULL,
  kind TINYINT NOT NULL,
  parent_id BIGINT NULL,
  valid_from DATE NOT NULL,
  valid_to DATE NOT NULL,
  UNIQUE KEY uk_org_units_code_from (code, valid_from),
  KEY ix_org_units_parent (parent_id),
  CONSTRAINT fk_org_units_parent FOREIGN KEY (parent_id) REFERENCES org_units (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Every (ancestor, descendant) pair of the tree, depth 0 included, so that a
-- subtree is one indexed join. Rows with via_lineage = 1 add, under a unit
-- created by the 2025 reform, the old units merged into it (and their own
-- descendants), so that statistics of a new commune include what was
-- recorded against its predecessors.
CREATE TABLE org_unit_closure (
  ancestor_id BIGINT NOT NULL,
  descendant_id BIGINT NOT NULL,
  depth INT NOT NULL,
  via_lineage TINYINT(1) NOT NULL,
  PRIMARY KEY (ancestor_id, descendant_id),
  KEY ix_org_unit_closure_descendant (descendant_id)
) ENGINE=InnoDB;

-- Old unit -> new unit from the 2025 reorganisation (a relation: a unit merged
-- in part feeds several new units).
CREATE TABLE org_unit_lineage (
  old_id BIGINT NOT NULL,
  new_id BIGINT NOT NULL,
  whole TINYINT(1) NOT NULL,
  PRIMARY KEY (old_id, new_id),
  KEY ix_org_unit_lineage_new (new_id)
) ENGINE=InnoDB;

-- Which provinces' reference data are loaded, from which source files.
CREATE TABLE reference_data_loads (
  province_code VARCHAR(10) NOT NULL PRIMARY KEY,
  source_checksum CHAR(16) NOT NULL,
  unit_count INT NOT NULL,
  loaded_at TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
) ENGINE=InnoDB;
