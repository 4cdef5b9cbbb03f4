-- First start only (the official image runs /docker-entrypoint-initdb.d on an
-- empty data directory). One database and one user per service; the password
-- is the dev overlay's <service>-db secret.
CREATE DATABASE IF NOT EXISTS hoptac_registry CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE DATABASE IF NOT EXISTS hoptac_subsidy CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE DATABASE IF NOT EXISTS hoptac_outreach CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE DATABASE IF NOT EXISTS hoptac_report CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE DATABASE IF NOT EXISTS hoptac_gateway CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE USER IF NOT EXISTS 'hoptac_registry'@'%' IDENTIFIED BY 'hoptac-dev';
CREATE USER IF NOT EXISTS 'hoptac_subsidy'@'%' IDENTIFIED BY 'hoptac-dev';
CREATE USER IF NOT EXISTS 'hoptac_outreach'@'%' IDENTIFIED BY 'hoptac-dev';
CREATE USER IF NOT EXISTS 'hoptac_report'@'%' IDENTIFIED BY 'hoptac-dev';
CREATE USER IF NOT EXISTS 'hoptac_gateway'@'%' IDENTIFIED BY 'hoptac-dev';
GRANT ALL PRIVILEGES ON hoptac_registry.* TO 'hoptac_registry'@'%';
GRANT ALL PRIVILEGES ON hoptac_subsidy.* TO 'hoptac_subsidy'@'%';
GRANT ALL PRIVILEGES ON hoptac_outreach.* TO 'hoptac_outreach'@'%';
GRANT ALL PRIVILEGES ON hoptac_report.* TO 'hoptac_report'@'%';
GRANT ALL PRIVILEGES ON hoptac_gateway.* TO 'hoptac_gateway'@'%';
