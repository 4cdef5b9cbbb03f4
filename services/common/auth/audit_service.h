// hoptac.common.v1.AuditService: the audit trail of the service's own
// database, for province administrators. Every server serves it
// (ServeUntilStopped registers it).
#ifndef HOPTAC_SERVICES_COMMON_AUTH_AUDIT_SERVICE_H_
#define HOPTAC_SERVICES_COMMON_AUTH_AUDIT_SERVICE_H_

#include "hoptac/common/v1/audit.grpc.pb.h"

namespace hoptac {

class Database;

class AuditService final : public common::v1::AuditService::Service {
 public:
  explicit AuditService(Database& database) : database_(database) {}

  grpc::Status ListAuditEvents(grpc::ServerContext* context,
                               const common::v1::ListAuditEventsRequest* request,
                               common::v1::ListAuditEventsResponse* response) override;

 private:
  Database& database_;
};

}  // namespace hoptac

#endif  // HOPTAC_SERVICES_COMMON_AUTH_AUDIT_SERVICE_H_
