-- Reporting rounds (đợt báo cáo), the units each expects, and every version
-- each unit submitted. State columns hold hoptac.gateway.v1.SubmissionState
-- numbers (1 not started ... 6 accepted).
CREATE TABLE rounds (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  org_unit_code VARCHAR(5) NOT NULL,
  province_name VARCHAR(255) NOT NULL,
  period_start DATE NOT NULL,
  period_end DATE NOT NULL,
  data_start DATE NOT NULL,
  data_end DATE NOT NULL,
  template_name VARCHAR(255) NOT NULL,
  -- The template version as the report service gave it at creation
  -- (hoptac.report.v1.ReportTemplate, base64 of the binary form): the statistics and narrative
  -- slots a consolidation lists, without asking the report service again.
  template_proto LONGTEXT CHARACTER SET ascii NOT NULL,
  request_letter VARCHAR(1000) NOT NULL,
  deadline TIMESTAMP(6) NOT NULL,
  issuing_body VARCHAR(500) NOT NULL,
  title VARCHAR(1000) NOT NULL,
  actor VARCHAR(255) NOT NULL,
  request_id VARCHAR(128) NOT NULL DEFAULT '',
  created_at TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  CONSTRAINT rounds_period CHECK (period_end >= period_start),
  CONSTRAINT rounds_data CHECK (data_end >= data_start)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_vietnamese_ci;

-- One row per expected unit: its current state, kept with the versions.
CREATE TABLE round_units (
  round_id BIGINT NOT NULL,
  unit_code VARCHAR(5) NOT NULL,
  display_name VARCHAR(255) NOT NULL,
  state TINYINT NOT NULL DEFAULT 1,
  versions INT NOT NULL DEFAULT 0,
  first_submit_time TIMESTAMP(6) NULL,
  on_time BOOLEAN NOT NULL DEFAULT FALSE,
  return_reason VARCHAR(2000) NOT NULL DEFAULT '',
  PRIMARY KEY (round_id, unit_code),
  CONSTRAINT round_units_state CHECK (state BETWEEN 1 AND 6),
  CONSTRAINT round_units_round FOREIGN KEY (round_id) REFERENCES rounds (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_vietnamese_ci;

-- Every submitted version (never deleted): the snapshot as fetched from the
-- report service (hoptac.report.v1.ReportSnapshot, base64 of the binary form, without its DOCX),
-- so that a consolidation is reproducible without the report service.
CREATE TABLE submissions (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  round_id BIGINT NOT NULL,
  unit_code VARCHAR(5) NOT NULL,
  version INT NOT NULL,
  snapshot_name VARCHAR(255) NOT NULL,
  state TINYINT NOT NULL,
  submit_time TIMESTAMP(6) NOT NULL,
  content_sha256 CHAR(64) NOT NULL,
  snapshot_proto LONGTEXT CHARACTER SET ascii NOT NULL,
  return_reason VARCHAR(2000) NOT NULL DEFAULT '',
  review_time TIMESTAMP(6) NULL,
  submitted_by VARCHAR(255) NOT NULL,
  reviewed_by VARCHAR(255) NOT NULL DEFAULT '',
  request_id VARCHAR(128) NOT NULL DEFAULT '',
  UNIQUE KEY submissions_version (round_id, unit_code, version),
  CONSTRAINT submissions_state CHECK (state BETWEEN 2 AND 6),
  CONSTRAINT submissions_unit FOREIGN KEY (round_id, unit_code)
    REFERENCES round_units (round_id, unit_code)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_vietnamese_ci;

-- Idempotent mutations (services/common/request_log.h).
CREATE TABLE request_log (
  request_id VARCHAR(128) NOT NULL PRIMARY KEY,
  method VARCHAR(128) NOT NULL,
  fingerprint CHAR(16) NOT NULL,
  resource_id BIGINT NOT NULL,
  result_id BIGINT NOT NULL,
  created_at TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
) ENGINE=InnoDB;
