// Return-if-error helpers that Abseil 20220623 does not ship.
#ifndef HOPTAC_SERVICES_COMMON_STATUS_MACROS_H_
#define HOPTAC_SERVICES_COMMON_STATUS_MACROS_H_

#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

#define HOPTAC_STATUS_CONCAT_INNER_(a, b) a##b
#define HOPTAC_STATUS_CONCAT_(a, b) HOPTAC_STATUS_CONCAT_INNER_(a, b)

// Evaluates `expr` (an absl::Status) and returns it from the enclosing function
// when it is not OK.
#define HOPTAC_RETURN_IF_ERROR(expr)                              \
  do {                                                            \
    ::absl::Status hoptac_status_ = (expr);                       \
    if (!hoptac_status_.ok()) return hoptac_status_;              \
  } while (false)

// `HOPTAC_ASSIGN_OR_RETURN(auto x, MakeX());` evaluates an absl::StatusOr<T>,
// returns its status when not OK, and otherwise moves the value into `lhs`.
#define HOPTAC_ASSIGN_OR_RETURN(lhs, rexpr)                                  \
  HOPTAC_ASSIGN_OR_RETURN_IMPL_(                                             \
      HOPTAC_STATUS_CONCAT_(hoptac_statusor_, __LINE__), lhs, rexpr)

#define HOPTAC_ASSIGN_OR_RETURN_IMPL_(statusor, lhs, rexpr) \
  auto statusor = (rexpr);                                  \
  if (!statusor.ok()) return std::move(statusor).status();  \
  lhs = *std::move(statusor)

#endif  // HOPTAC_SERVICES_COMMON_STATUS_MACROS_H_
