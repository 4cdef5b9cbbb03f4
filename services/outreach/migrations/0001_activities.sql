-- Outreach activities (hoạt động tuyên truyền) and what hangs off them.
-- Enum columns hold the hoptac.outreach.v1 enum numbers.
CREATE TABLE activities (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  kind TINYINT NOT NULL,
  channel TINYINT NOT NULL,
  title VARCHAR(500) NOT NULL,
  org_unit_code VARCHAR(5) NOT NULL,
  start_date DATE NOT NULL,
  end_date DATE NOT NULL,
  location VARCHAR(500) NOT NULL DEFAULT '',
  quantity BIGINT NOT NULL,
  revision BIGINT NOT NULL DEFAULT 1,
  deleted_at TIMESTAMP(6) NULL,
  created_at TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  CONSTRAINT activities_dates CHECK (end_date >= start_date),
  CONSTRAINT activities_quantity CHECK (quantity >= 1),
  KEY activities_unit_start (org_unit_code, start_date),
  KEY activities_start (start_date)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_vietnamese_ci;

CREATE TABLE activity_topics (
  activity_id BIGINT NOT NULL,
  topic TINYINT NOT NULL,
  PRIMARY KEY (activity_id, topic),
  KEY activity_topics_topic (topic, activity_id),
  CONSTRAINT activity_topics_activity FOREIGN KEY (activity_id) REFERENCES activities (id)
) ENGINE=InnoDB;

-- Qualifier: 1 exact, 2 about (khoảng), 3 over (trên, hơn).
CREATE TABLE activity_participants (
  activity_id BIGINT NOT NULL,
  kind TINYINT NOT NULL,
  value BIGINT NOT NULL,
  qualifier TINYINT NOT NULL,
  PRIMARY KEY (activity_id, kind),
  CONSTRAINT activity_participants_value CHECK (value >= 0),
  CONSTRAINT activity_participants_qualifier CHECK (qualifier IN (1, 2, 3)),
  CONSTRAINT activity_participants_activity FOREIGN KEY (activity_id) REFERENCES activities (id)
) ENGINE=InnoDB;

-- Ordered text lists: co-organisers, document references, cooperatives.
CREATE TABLE activity_list_entries (
  activity_id BIGINT NOT NULL,
  list ENUM('co_organizer', 'document_reference', 'cooperative') NOT NULL,
  position INT NOT NULL,
  value VARCHAR(500) NOT NULL,
  PRIMARY KEY (activity_id, list, position),
  CONSTRAINT activity_list_entries_activity FOREIGN KEY (activity_id) REFERENCES activities (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_vietnamese_ci;

-- Every change: who, when, what, why, under which request_id.
CREATE TABLE activity_changes (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  activity_id BIGINT NOT NULL,
  change_type ENUM('created', 'updated', 'deleted', 'imported') NOT NULL,
  revision BIGINT NOT NULL,
  actor VARCHAR(255) NOT NULL,
  request_id VARCHAR(128) NOT NULL DEFAULT '',
  reason VARCHAR(2000) NOT NULL DEFAULT '',
  changed_at TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  KEY activity_changes_activity (activity_id, id),
  CONSTRAINT activity_changes_activity FOREIGN KEY (activity_id) REFERENCES activities (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_vietnamese_ci;

CREATE TABLE request_log (
  request_id VARCHAR(128) NOT NULL PRIMARY KEY,
  method VARCHAR(128) NOT NULL,
  fingerprint CHAR(16) NOT NULL,
  resource_id BIGINT NOT NULL,
  result_id BIGINT NOT NULL,
  created_at TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
) ENGINE=InnoDB;
