#include "services/common/auth/testing/test_keys.h"

#include <openssl/bio.h>
#include <openssl/buffer.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <cstdlib>
#include <iostream>

namespace hoptac::testing {
namespace {

std::string DrainBio(BIO* bio) {
  BUF_MEM* memory = nullptr;
  BIO_get_mem_ptr(bio, &memory);
  std::string text(memory->data, memory->length);
  BIO_free(bio);
  return text;
}

[[noreturn]] void Fail(const char* what) {
  std::cerr << "GenerateTestKeyPair: " << what << " failed\n";
  std::abort();
}

}  // namespace

TestKeyPair GenerateTestKeyPair(absl::string_view type) {
  EVP_PKEY* key = type == "RSA" ? EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", size_t{2048})
                                : EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256");
  if (key == nullptr) Fail("key generation");
  BIO* private_bio = BIO_new(BIO_s_mem());
  BIO* public_bio = BIO_new(BIO_s_mem());
  if (PEM_write_bio_PrivateKey(private_bio, key, nullptr, nullptr, 0, nullptr, nullptr) != 1 ||
      PEM_write_bio_PUBKEY(public_bio, key) != 1) {
    Fail("PEM encoding");
  }
  EVP_PKEY_free(key);
  return TestKeyPair{DrainBio(private_bio), DrainBio(public_bio)};
}

}  // namespace hoptac::testing
