// The budget and grant limits under 50 concurrent writers racing for the last
// of a budget, checked afterwards with SQL sums over the rows themselves.
#include <atomic>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/subsidy/subsidy_store_fixture.h"

namespace hoptac::subsidy {
namespace {

constexpr int kRacers = 50;

TEST_F(SubsidyStoreTest, FiftyConcurrentApprovalsNeverExceedTheBudget) {
  // 1,050,000 dong: room for ten grants of 100,000 and then 50,000 that no
  // grant fits in.
  ASSERT_TRUE(store_->CreateProgram(MakeProgram("RACE", 1'050'000), Mutation(), Deadline()).ok());
  std::vector<int64_t> grants;
  for (int i = 0; i < kRacers; ++i) {
    const Beneficiary b = MakeBeneficiary(absl::StrCat("48000", 10000 + i));
    grants.push_back(Apply("RACE", b.id, 100'000).id);
  }
  std::atomic<int> approved{0}, refused{0}, other{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kRacers; ++i) {
    threads.emplace_back([&, i] {
      auto r = store_->ApproveGrant(grants[i], {"9/QĐ-UBND", absl::CivilDay(2023, 5, 1), 100'000},
                                    Mutation(absl::StrCat("approve-", i)), Deadline());
      if (r.ok()) {
        ++approved;
      } else if (r.status().code() == absl::StatusCode::kFailedPrecondition) {
        ++refused;
      } else {
        ++other;
        ADD_FAILURE() << r.status();
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(approved.load(), 10);
  EXPECT_EQ(refused.load(), kRacers - 10);
  EXPECT_EQ(other.load(), 0);
  EXPECT_EQ(QueryInt("SELECT SUM(approved_dong) FROM grants WHERE state = 2"), 1'000'000);
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM grants WHERE state = 2"), 10);
  EXPECT_EQ(QueryInt("SELECT approved_dong FROM program_budgets"), 1'000'000);
}

TEST_F(SubsidyStoreTest, FiftyConcurrentDisbursementsNeverExceedTheApprovedAmount) {
  ASSERT_TRUE(store_->CreateProgram(MakeProgram("RACE", 10'000'000), Mutation(), Deadline()).ok());
  const Beneficiary b = MakeBeneficiary("4800000001");
  const Grant g = ApplyAndApprove("RACE", b.id, 1'000'000);
  std::atomic<int> paid{0}, refused{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kRacers; ++i) {
    threads.emplace_back([&, i] {
      auto r = store_->RecordDisbursement({g.id, 30'000, absl::CivilDay(2023, 6, 1), "UNC"},
                                          Mutation(absl::StrCat("pay-", i)), Deadline());
      if (r.ok()) {
        ++paid;
      } else {
        EXPECT_EQ(r.status().code(), absl::StatusCode::kFailedPrecondition) << r.status();
        ++refused;
      }
    });
  }
  for (auto& t : threads) t.join();
  // 33 x 30,000 = 990,000; a 34th would make 1,020,000.
  EXPECT_EQ(paid.load(), 33);
  EXPECT_EQ(refused.load(), kRacers - 33);
  EXPECT_EQ(QueryInt("SELECT SUM(amount_dong) FROM ledger_entries WHERE kind = 1"), 990'000);
  EXPECT_EQ(QueryInt(absl::StrCat("SELECT disbursed_net_dong FROM grants WHERE id = ", g.id)),
            990'000);
}

TEST_F(SubsidyStoreTest, FiftyConcurrentRetriesOfOneDisbursementApplyOnce) {
  ASSERT_TRUE(store_->CreateProgram(MakeProgram("RACE", 10'000'000), Mutation(), Deadline()).ok());
  const Beneficiary b = MakeBeneficiary("4800000002");
  const Grant g = ApplyAndApprove("RACE", b.id, 1'000'000);
  std::vector<int64_t> ids(kRacers, 0);
  std::vector<std::thread> threads;
  for (int i = 0; i < kRacers; ++i) {
    threads.emplace_back([&, i] {
      auto r = store_->RecordDisbursement({g.id, 10'000, absl::CivilDay(2023, 6, 1), "UNC"},
                                          Mutation("same-request", "fp"), Deadline());
      EXPECT_TRUE(r.ok()) << r.status();
      if (r.ok()) ids[i] = r->id;
    });
  }
  for (auto& t : threads) t.join();
  for (int64_t id : ids) EXPECT_EQ(id, ids[0]);
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM ledger_entries"), 1);
  EXPECT_EQ(QueryInt(absl::StrCat("SELECT disbursed_net_dong FROM grants WHERE id = ", g.id)),
            10'000);
}

}  // namespace
}  // namespace hoptac::subsidy
