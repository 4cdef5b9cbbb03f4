// Throw-away signing keys for tests, generated in memory at run time.
#ifndef HOPTAC_SERVICES_COMMON_AUTH_TESTING_TEST_KEYS_H_
#define HOPTAC_SERVICES_COMMON_AUTH_TESTING_TEST_KEYS_H_

#include <string>

#include "absl/strings/string_view.h"

namespace hoptac::testing {

struct TestKeyPair {
  std::string private_pem;
  std::string public_pem;
};

// "RSA" (2048 bits) or "EC" (P-256). Aborts the test binary if OpenSSL fails.
TestKeyPair GenerateTestKeyPair(absl::string_view type);

}  // namespace hoptac::testing

#endif  // HOPTAC_SERVICES_COMMON_AUTH_TESTING_TEST_KEYS_H_
