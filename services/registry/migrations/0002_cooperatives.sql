-- Cooperatives (hợp tác xã), cooperative groups (tổ hợp tác) and unions
-- (liên hiệp HTX): their current state. History lives in cooperative_periods
-- and cooperative_events.
CREATE TABLE cooperatives (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  registration_number VARCHAR(14) NOT NULL,
  display_name VARCHAR(255) COLLATE utf8mb4_vietnamese_ci NOT NULL,
  kind TINYINT NOT NULL,
  sector TINYINT NOT NULL,
  org_unit_id BIGINT NOT NULL,
  address VARCHAR(500) NOT NULL,
  establishment_date DATE NOT NULL,
  member_count BIGINT NOT NULL,
  employee_count BIGINT NOT NULL,
  charter_capital_dong BIGINT NOT NULL,
  status TINYINT NOT NULL,
  status_since DATE NOT NULL,
  revision BIGINT NOT NULL,
  create_time TIMESTAMP(6) NOT NULL,
  update_time TIMESTAMP(6) NOT NULL,
  UNIQUE KEY uk_cooperatives_registration_number (registration_number),
  KEY ix_cooperatives_name (display_name, id),
  KEY ix_cooperatives_org_unit (org_unit_id),
  CONSTRAINT fk_cooperatives_org_unit FOREIGN KEY (org_unit_id) REFERENCES org_units (id),
  CONSTRAINT ck_cooperatives_capital CHECK (charter_capital_dong >= 0)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Intervals during which a cooperative had one status, unit, kind and sector:
-- a lifecycle change or a change of unit/kind/sector closes the open interval
-- and opens the next. valid_to is exclusive ('9999-12-31' = open). "Active on
-- day D" is valid_from <= D < valid_to, whatever was recorded later.
CREATE TABLE cooperative_periods (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  cooperative_id BIGINT NOT NULL,
  status TINYINT NOT NULL,
  org_unit_id BIGINT NOT NULL,
  kind TINYINT NOT NULL,
  sector TINYINT NOT NULL,
  valid_from DATE NOT NULL,
  valid_to DATE NOT NULL,
  KEY ix_cooperative_periods_cooperative (cooperative_id, valid_from),
  KEY ix_cooperative_periods_window (valid_from, valid_to),
  CONSTRAINT fk_cooperative_periods_cooperative FOREIGN KEY (cooperative_id) REFERENCES cooperatives (id)
) ENGINE=InnoDB;

-- Every change, with its effective date, who recorded it and why. The unit,
-- kind and sector on the effective date are copied in, so that counts of
-- events in a period are one filtered GROUP BY.
CREATE TABLE cooperative_events (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  cooperative_id BIGINT NOT NULL,
  event_type TINYINT NOT NULL,
  effective_date DATE NOT NULL,
  record_time TIMESTAMP(6) NOT NULL,
  actor VARCHAR(255) NOT NULL,
  reason TEXT NOT NULL,
  legal_document VARCHAR(500) NOT NULL,
  request_id VARCHAR(128) NULL,
  org_unit_id BIGINT NOT NULL,
  kind TINYINT NOT NULL,
  sector TINYINT NOT NULL,
  dissolution_kind TINYINT NULL,
  grade TINYINT NULL,
  subject_year SMALLINT NULL,
  on_time TINYINT(1) NULL,
  KEY ix_cooperative_events_cooperative (cooperative_id, id),
  KEY ix_cooperative_events_type_date (event_type, effective_date),
  CONSTRAINT fk_cooperative_events_cooperative FOREIGN KEY (cooperative_id) REFERENCES cooperatives (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The fields an event changed, old and new values as text.
CREATE TABLE cooperative_event_changes (
  event_id BIGINT NOT NULL,
  field VARCHAR(64) NOT NULL,
  old_value TEXT NOT NULL,
  new_value TEXT NOT NULL,
  PRIMARY KEY (event_id, field),
  CONSTRAINT fk_cooperative_event_changes_event FOREIGN KEY (event_id) REFERENCES cooperative_events (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Records kept on a cooperative.
CREATE TABLE inspections (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  cooperative_id BIGINT NOT NULL,
  inspection_date DATE NOT NULL,
  inspecting_body VARCHAR(255) NOT NULL,
  findings TEXT NOT NULL,
  legal_document VARCHAR(500) NOT NULL,
  KEY ix_inspections_cooperative (cooperative_id),
  CONSTRAINT fk_inspections_cooperative FOREIGN KEY (cooperative_id) REFERENCES cooperatives (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE awards (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  cooperative_id BIGINT NOT NULL,
  award_date DATE NOT NULL,
  title VARCHAR(255) NOT NULL,
  event VARCHAR(500) NOT NULL,
  awarding_body VARCHAR(255) NOT NULL,
  legal_document VARCHAR(500) NOT NULL,
  KEY ix_awards_cooperative (cooperative_id),
  CONSTRAINT fk_awards_cooperative FOREIGN KEY (cooperative_id) REFERENCES cooperatives (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE classifications (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  cooperative_id BIGINT NOT NULL,
  year SMALLINT NOT NULL,
  grade TINYINT NOT NULL,
  decision_date DATE NOT NULL,
  legal_document VARCHAR(500) NOT NULL,
  UNIQUE KEY uk_classifications_year (cooperative_id, year),
  CONSTRAINT fk_classifications_cooperative FOREIGN KEY (cooperative_id) REFERENCES cooperatives (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE annual_reports (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  cooperative_id BIGINT NOT NULL,
  year SMALLINT NOT NULL,
  received_date DATE NOT NULL,
  due_date DATE NOT NULL,
  UNIQUE KEY uk_annual_reports_year (cooperative_id, year),
  CONSTRAINT fk_annual_reports_cooperative FOREIGN KEY (cooperative_id) REFERENCES cooperatives (id)
) ENGINE=InnoDB;

-- Idempotency (AIP-155), the kernel's RequestLog table: the first result of
-- each request_id. A retry with the same id and the same request returns that
-- result; with another request it is refused.
CREATE TABLE request_log (
  request_id VARCHAR(128) NOT NULL PRIMARY KEY,
  method VARCHAR(128) NOT NULL,
  fingerprint CHAR(16) NOT NULL,
  resource_id BIGINT NOT NULL,
  result_id BIGINT NOT NULL,
  created_at TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
) ENGINE=InnoDB;
