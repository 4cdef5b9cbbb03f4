-- Report templates, drafts and submitted snapshots. Structured content (the
-- template, the draft's fields, the snapshot) is kept as the API's protobuf
-- message, base64 text: the report service is its only reader, and a snapshot
-- must come back byte for byte as it was submitted.
CREATE TABLE template_versions (
  template_id VARCHAR(64) NOT NULL,
  version BIGINT NOT NULL,
  content LONGTEXT CHARACTER SET ascii NOT NULL,
  created_at_us BIGINT NOT NULL,
  PRIMARY KEY (template_id, version)
) ENGINE=InnoDB;

CREATE TABLE report_drafts (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  org_unit_code VARCHAR(16) NOT NULL,
  revision BIGINT NOT NULL DEFAULT 1,
  content LONGTEXT CHARACTER SET ascii NOT NULL,
  created_at_us BIGINT NOT NULL,
  updated_at_us BIGINT NOT NULL,
  KEY report_drafts_unit (org_unit_code, id)
) ENGINE=InnoDB;

-- A snapshot is written once and never changed.
CREATE TABLE report_snapshots (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  draft_id BIGINT NOT NULL,
  draft_revision BIGINT NOT NULL,
  content_sha256 CHAR(64) CHARACTER SET ascii NOT NULL,
  content LONGTEXT CHARACTER SET ascii NOT NULL,
  submitted_at_us BIGINT NOT NULL,
  actor VARCHAR(255) NOT NULL,
  KEY report_snapshots_draft (draft_id, id),
  CONSTRAINT report_snapshots_draft FOREIGN KEY (draft_id) REFERENCES report_drafts (id)
) ENGINE=InnoDB;

-- Every change: who, when, what, under which request_id.
CREATE TABLE report_changes (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  subject VARCHAR(255) NOT NULL,
  change_type ENUM('template_version_created', 'draft_created', 'draft_updated',
                   'report_submitted') NOT NULL,
  revision BIGINT NOT NULL,
  actor VARCHAR(255) NOT NULL,
  request_id VARCHAR(128) NOT NULL DEFAULT '',
  created_at TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  KEY report_changes_subject (subject, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_vietnamese_ci;

CREATE TABLE request_log (
  request_id VARCHAR(128) NOT NULL PRIMARY KEY,
  method VARCHAR(128) NOT NULL,
  fingerprint CHAR(16) NOT NULL,
  resource_id BIGINT NOT NULL,
  result_id BIGINT NOT NULL,
  created_at TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
) ENGINE=InnoDB;
