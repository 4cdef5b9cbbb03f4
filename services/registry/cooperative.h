// Cooperatives (hợp tác xã), cooperative groups (tổ hợp tác) and unions (liên
// hiệp hợp tác xã) as the registry's domain sees them. Plain C++: no protobuf,
// no database.
//
// Enum values match the API's enums; 0 (*_UNSPECIFIED) never appears here,
// because the handler rejects it first. A value cast from an out-of-range int
// can still arrive, so IsKnown() lets validation refuse it.
#ifndef HOPTAC_SERVICES_REGISTRY_COOPERATIVE_H_
#define HOPTAC_SERVICES_REGISTRY_COOPERATIVE_H_

#include <cstdint>
#include <string>

#include "absl/time/civil_time.h"

namespace hoptac::registry {

enum class CooperativeKind {
  kCooperative = 1,       // hợp tác xã (HTX)
  kCooperativeGroup = 2,  // tổ hợp tác
  kUnion = 3,             // liên hiệp hợp tác xã
};

enum class Sector {
  kAgriculture = 1,         // nông nghiệp
  kIndustryHandicraft = 2,  // công nghiệp - tiểu thủ công nghiệp
  kConstruction = 3,        // xây dựng
  kTradeServices = 4,       // thương mại - dịch vụ
  kTransport = 5,           // vận tải
  kPeoplesCreditFund = 6,   // quỹ tín dụng nhân dân
  kEnvironment = 7,         // môi trường
  kOther = 8,               // khác
};

enum class CooperativeStatus {
  kActive = 1,       // đang hoạt động
  kSuspended = 2,    // tạm ngừng hoạt động
  kDissolving = 3,   // đang giải thể
  kDissolved = 4,    // đã giải thể (final)
};

enum class LifecycleAction {
  kSuspend = 1,
  kResume = 2,
  kStartDissolution = 3,
  kCompleteDissolution = 4,
};

enum class DissolutionKind {
  kVoluntary = 1,  // tự nguyện
  kForced = 2,     // bắt buộc
};

// Annual classification (xếp loại).
enum class ClassificationGrade {
  kGood = 1,     // tốt
  kFair = 2,     // khá
  kAverage = 3,  // trung bình
  kWeak = 4,     // yếu
};

// What a client may set on a cooperative (create, or update through a field
// mask). Counts and money are int64 so that a negative or oversized value from
// the API reaches validation intact instead of wrapping.
struct CooperativeFields {
  std::string registration_number;  // mã số HTX / tax code: "4900123456" or "4900123456-001"
  std::string display_name;
  CooperativeKind kind = CooperativeKind::kCooperative;
  Sector sector = Sector::kOther;
  std::string org_unit_code;  // GSO code of the commune/ward (or district) it is registered in
  std::string address;
  absl::CivilDay establishment_date;
  int64_t member_count = 0;
  int64_t employee_count = 0;
  int64_t charter_capital_dong = 0;  // vốn điều lệ, whole dong
};

// Whether a value is one of the enumerators (false for 0 or a stray int).
// Switches without a default so that -Wswitch flags a new enumerator here.
inline bool IsKnown(CooperativeKind kind) {
  switch (kind) {
    case CooperativeKind::kCooperative:
    case CooperativeKind::kCooperativeGroup:
    case CooperativeKind::kUnion:
      return true;
  }
  return false;
}

inline bool IsKnown(Sector sector) {
  switch (sector) {
    case Sector::kAgriculture:
    case Sector::kIndustryHandicraft:
    case Sector::kConstruction:
    case Sector::kTradeServices:
    case Sector::kTransport:
    case Sector::kPeoplesCreditFund:
    case Sector::kEnvironment:
    case Sector::kOther:
      return true;
  }
  return false;
}

inline bool IsKnown(CooperativeStatus status) {
  switch (status) {
    case CooperativeStatus::kActive:
    case CooperativeStatus::kSuspended:
    case CooperativeStatus::kDissolving:
    case CooperativeStatus::kDissolved:
      return true;
  }
  return false;
}

inline bool IsKnown(DissolutionKind kind) {
  switch (kind) {
    case DissolutionKind::kVoluntary:
    case DissolutionKind::kForced:
      return true;
  }
  return false;
}

inline bool IsKnown(ClassificationGrade grade) {
  switch (grade) {
    case ClassificationGrade::kGood:
    case ClassificationGrade::kFair:
    case ClassificationGrade::kAverage:
    case ClassificationGrade::kWeak:
      return true;
  }
  return false;
}

// Labels for messages, logs and the event history: the API name, then the
// Vietnamese term, e.g. "DISSOLVING (đang giải thể)". "UNKNOWN" for a value
// outside the enum.
inline const char* StatusName(CooperativeStatus status) {
  switch (status) {
    case CooperativeStatus::kActive: return "ACTIVE (đang hoạt động)";
    case CooperativeStatus::kSuspended: return "SUSPENDED (tạm ngừng)";
    case CooperativeStatus::kDissolving: return "DISSOLVING (đang giải thể)";
    case CooperativeStatus::kDissolved: return "DISSOLVED (đã giải thể)";
  }
  return "UNKNOWN";
}

inline const char* KindName(CooperativeKind kind) {
  switch (kind) {
    case CooperativeKind::kCooperative: return "COOPERATIVE (hợp tác xã)";
    case CooperativeKind::kCooperativeGroup: return "COOPERATIVE_GROUP (tổ hợp tác)";
    case CooperativeKind::kUnion: return "UNION (liên hiệp hợp tác xã)";
  }
  return "UNKNOWN";
}

inline const char* SectorName(Sector sector) {
  switch (sector) {
    case Sector::kAgriculture: return "AGRICULTURE (nông nghiệp)";
    case Sector::kIndustryHandicraft:
      return "INDUSTRY_HANDICRAFT (công nghiệp - tiểu thủ công nghiệp)";
    case Sector::kConstruction: return "CONSTRUCTION (xây dựng)";
    case Sector::kTradeServices: return "TRADE_SERVICES (thương mại - dịch vụ)";
    case Sector::kTransport: return "TRANSPORT (vận tải)";
    case Sector::kPeoplesCreditFund: return "PEOPLES_CREDIT_FUND (quỹ tín dụng nhân dân)";
    case Sector::kEnvironment: return "ENVIRONMENT (môi trường)";
    case Sector::kOther: return "OTHER (khác)";
  }
  return "UNKNOWN";
}

inline const char* DissolutionKindName(DissolutionKind kind) {
  switch (kind) {
    case DissolutionKind::kVoluntary: return "VOLUNTARY (tự nguyện)";
    case DissolutionKind::kForced: return "FORCED (bắt buộc)";
  }
  return "UNKNOWN";
}

inline const char* GradeName(ClassificationGrade grade) {
  switch (grade) {
    case ClassificationGrade::kGood: return "GOOD (tốt)";
    case ClassificationGrade::kFair: return "FAIR (khá)";
    case ClassificationGrade::kAverage: return "AVERAGE (trung bình)";
    case ClassificationGrade::kWeak: return "WEAK (yếu)";
  }
  return "UNKNOWN";
}

}  // namespace hoptac::registry

#endif  // HOPTAC_SERVICES_REGISTRY_COOPERATIVE_H_
