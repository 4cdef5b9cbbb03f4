// SubsidyStore against a real MariaDB: idempotency, reversals, batches,
// de-duplication, the append-only ledger, grant decisions, the audit event of
// every change, where each record is paid and the unit scope of lists.
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/subsidy/subsidy_store_fixture.h"

namespace hoptac::subsidy {
namespace {

using ::hoptac::testing::IsOk;
using ::hoptac::testing::StatusIs;
using ::testing::HasSubstr;

class LedgerTest : public SubsidyStoreTest {
 protected:
  void SetUp() override {
    SubsidyStoreTest::SetUp();
    ASSERT_TRUE(store_->CreateProgram(MakeProgram("P1", 10'000'000), Mutation(), Deadline()).ok());
    grant_ = ApplyAndApprove("P1", MakeBeneficiary("4800000010").id, 1'000'000);
  }
  Grant grant_;
};

TEST_F(LedgerTest, RetryReturnsTheOriginalEntryAndPaysOnce) {
  HOPTAC_ASSERT_OK_AND_ASSIGN(
      LedgerEntry first, store_->RecordDisbursement({grant_.id, 400'000, absl::CivilDay(2023, 6, 1), "UNC 1"},
                                                    Mutation("r-1", "fp-a"), Deadline()));
  HOPTAC_ASSERT_OK_AND_ASSIGN(
      LedgerEntry again, store_->RecordDisbursement({grant_.id, 400'000, absl::CivilDay(2023, 6, 1), "UNC 1"},
                                                    Mutation("r-1", "fp-a"), Deadline()));
  EXPECT_EQ(again.id, first.id);
  EXPECT_EQ(again.amount_dong, 400'000);
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM ledger_entries"), 1);
  EXPECT_EQ(store_->GetGrant(grant_.id, Deadline())->disbursed_net_dong, 400'000);
}

// A retry must find its original even when the grant has no room left for
// it any more (the conditional UPDATE matches nothing; the checked path
// finds the request log first).
TEST_F(LedgerTest, RetryAfterTheGrantIsFullyPaidReturnsTheOriginal) {
  const Disbursement original{grant_.id, 600'000, absl::CivilDay(2023, 6, 1), ""};
  HOPTAC_ASSERT_OK_AND_ASSIGN(
      LedgerEntry first,
      store_->RecordDisbursement(original, Mutation("r-3", "fp-a"), Deadline()));
  ASSERT_THAT(store_->RecordDisbursement({grant_.id, 400'000, absl::CivilDay(2023, 6, 2), ""},
                                         Mutation("r-4", "fp-b"), Deadline()),
              IsOk());
  HOPTAC_ASSERT_OK_AND_ASSIGN(
      LedgerEntry again,
      store_->RecordDisbursement(original, Mutation("r-3", "fp-a"), Deadline()));
  EXPECT_EQ(again.id, first.id);
  EXPECT_EQ(store_->GetGrant(grant_.id, Deadline())->disbursed_net_dong, 1'000'000);
  EXPECT_THAT(store_->RecordDisbursement({grant_.id, 1, absl::CivilDay(2023, 6, 3), ""},
                                         Mutation("r-5", "fp-c"), Deadline()),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("exceeds the 0 dong")));
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM ledger_entries"), 2);
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM request_log WHERE request_id LIKE 'r-%'"), 2);
}

TEST_F(LedgerTest, EntryBeforeTheDecisionIsRefusedNamingTheDate) {
  EXPECT_THAT(store_->RecordDisbursement({grant_.id, 100, absl::CivilDay(2023, 3, 31), ""},
                                         Mutation("r-6"), Deadline()),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("entry_date")));
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM ledger_entries"), 0);
}

TEST_F(LedgerTest, SameRequestIdWithDifferentContentIsRejected) {
  ASSERT_THAT(store_->RecordDisbursement({grant_.id, 400'000, absl::CivilDay(2023, 6, 1), ""},
                                         Mutation("r-2", "fp-a"), Deadline()),
              IsOk());
  EXPECT_THAT(store_->RecordDisbursement({grant_.id, 500'000, absl::CivilDay(2023, 6, 1), ""},
                                         Mutation("r-2", "fp-b"), Deadline()),
              StatusIs(absl::StatusCode::kAlreadyExists, HasSubstr("request_id")));
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM ledger_entries"), 1);
}

TEST_F(LedgerTest, ReversalNamesTheOriginalAndNetsOut) {
  HOPTAC_ASSERT_OK_AND_ASSIGN(
      LedgerEntry paid, store_->RecordDisbursement({grant_.id, 1'000'000, absl::CivilDay(2023, 6, 1), ""},
                                                   Mutation("pay"), Deadline()));
  // Fully paid: nothing more fits.
  EXPECT_THAT(store_->RecordDisbursement({grant_.id, 1, absl::CivilDay(2023, 6, 2), ""}, Mutation("more"),
                                         Deadline()),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("amount_dong")));
  HOPTAC_ASSERT_OK_AND_ASSIGN(
      LedgerEntry reversal,
      store_->ReverseDisbursement(paid.id, absl::CivilDay(2023, 6, 3), "Sai số tài khoản", Mutation("rev"),
                                  Deadline()));
  EXPECT_EQ(reversal.kind, LedgerEntryKind::kReversal);
  EXPECT_EQ(reversal.reversed_entry_id, paid.id);
  EXPECT_EQ(reversal.amount_dong, 1'000'000);
  EXPECT_EQ(store_->GetGrant(grant_.id, Deadline())->disbursed_net_dong, 0);
  EXPECT_EQ(QueryInt("SELECT SUM(CASE WHEN kind = 1 THEN amount_dong ELSE -amount_dong END) "
                     "FROM ledger_entries"),
            0);
  // Reversed once only; a reversal itself is not reversed.
  EXPECT_THAT(store_->ReverseDisbursement(paid.id, absl::CivilDay(2023, 6, 4), "again", Mutation("rev-2"),
                                          Deadline()),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("already reversed")));
  EXPECT_THAT(store_->ReverseDisbursement(reversal.id, absl::CivilDay(2023, 6, 4), "x", Mutation("rev-3"),
                                          Deadline()),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("is a reversal")));
  // The money may be paid again, correctly.
  EXPECT_THAT(store_->RecordDisbursement({grant_.id, 1'000'000, absl::CivilDay(2023, 6, 5), ""},
                                         Mutation("pay-again"), Deadline()),
              IsOk());
}

TEST_F(LedgerTest, LedgerRowsCannotBeUpdatedOrDeleted) {
  HOPTAC_ASSERT_OK_AND_ASSIGN(
      LedgerEntry paid, store_->RecordDisbursement({grant_.id, 100, absl::CivilDay(2023, 6, 1), ""},
                                                   Mutation("p"), Deadline()));
  EXPECT_FALSE(test_db_->ExecuteAsAdmin(absl::StrCat("UPDATE `", test_db_->dsn().database,
                                                     "`.ledger_entries SET amount_dong = 1"))
                   .ok());
  EXPECT_FALSE(test_db_->ExecuteAsAdmin(
                           absl::StrCat("DELETE FROM `", test_db_->dsn().database,
                                        "`.ledger_entries WHERE id = ", paid.id))
                   .ok());
  EXPECT_EQ(QueryInt("SELECT SUM(amount_dong) FROM ledger_entries"), 100);
}

TEST_F(LedgerTest, BatchWithAWrongControlTotalWritesNothing) {
  const Grant second = ApplyAndApprove("P1", MakeBeneficiary("4800000011").id, 500'000);
  DisbursementBatch batch;
  batch.disbursements = {{grant_.id, 300'000, absl::CivilDay(2023, 7, 1), "a"},
                         {second.id, 200'000, absl::CivilDay(2023, 7, 1), "b"}};
  batch.control_count = 2;
  batch.control_sum_dong = 500'001;
  EXPECT_THAT(store_->RecordDisbursementBatch(batch, Mutation("b-1"), Deadline()),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("control_sum_dong")));
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM ledger_entries"), 0);
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM disbursement_batches"), 0);
  EXPECT_EQ(QueryInt("SELECT SUM(disbursed_net_dong) FROM grants"), 0);
}

TEST_F(LedgerTest, BatchWithOneEntryOverItsGrantWritesNothing) {
  const Grant second = ApplyAndApprove("P1", MakeBeneficiary("4800000012").id, 500'000);
  DisbursementBatch batch;
  batch.disbursements = {{grant_.id, 300'000, absl::CivilDay(2023, 7, 1), "a"},
                         {second.id, 400'000, absl::CivilDay(2023, 7, 1), "b"},
                         {second.id, 200'000, absl::CivilDay(2023, 7, 1), "c"}};  // second: 600k > 500k
  batch.control_count = 3;
  batch.control_sum_dong = 900'000;
  EXPECT_THAT(store_->RecordDisbursementBatch(batch, Mutation("b-2"), Deadline()),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("disbursements[2]")));
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM ledger_entries"), 0);
  EXPECT_EQ(QueryInt("SELECT SUM(disbursed_net_dong) FROM grants"), 0);
}

TEST_F(LedgerTest, BatchIsAppliedWholeAndOnce) {
  const Grant second = ApplyAndApprove("P1", MakeBeneficiary("4800000013").id, 500'000);
  DisbursementBatch batch;
  batch.disbursements = {{grant_.id, 300'000, absl::CivilDay(2023, 7, 1), "a"},
                         {second.id, 200'000, absl::CivilDay(2023, 7, 1), "b"}};
  batch.control_count = 2;
  batch.control_sum_dong = 500'000;
  HOPTAC_ASSERT_OK_AND_ASSIGN(BatchResult first,
                              store_->RecordDisbursementBatch(batch, Mutation("b-3"), Deadline()));
  HOPTAC_ASSERT_OK_AND_ASSIGN(BatchResult retry,
                              store_->RecordDisbursementBatch(batch, Mutation("b-3"), Deadline()));
  ASSERT_EQ(first.entries.size(), 2u);
  EXPECT_EQ(retry.batch_id, first.batch_id);
  ASSERT_EQ(retry.entries.size(), 2u);
  EXPECT_EQ(retry.entries[1].id, first.entries[1].id);
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM ledger_entries"), 2);
  EXPECT_EQ(QueryInt("SELECT SUM(amount_dong) FROM ledger_entries"), 500'000);
}

TEST_F(LedgerTest, UnapprovedGrantIsNotPaid) {
  const Grant applied = Apply("P1", MakeBeneficiary("4800000014").id, 100);
  EXPECT_THAT(store_->RecordDisbursement({applied.id, 100, absl::CivilDay(2023, 6, 1), ""}, Mutation("x"),
                                         Deadline()),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("APPLIED")));
}

TEST_F(LedgerTest, EveryMutationIsAnEventWithActorAndRequestId) {
  ASSERT_THAT(store_->RecordDisbursement({grant_.id, 100, absl::CivilDay(2023, 6, 1), ""},
                                         Mutation("evt-1"), Deadline()),
              IsOk());
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM events WHERE event_type = 'DISBURSED' "
                     "AND actor = 'test' AND request_id = 'evt-1'"),
            1);
}

TEST_F(SubsidyStoreTest, CancellingAnApprovedGrantReturnsItsAmountToTheBudget) {
  ASSERT_TRUE(store_->CreateProgram(MakeProgram("P2", 1'000), Mutation(), Deadline()).ok());
  const Grant g = ApplyAndApprove("P2", MakeBeneficiary("4800000020").id, 1'000);
  const Grant other = Apply("P2", MakeBeneficiary("4800000021").id, 1'000);
  EXPECT_THAT(store_->ApproveGrant(other.id, {"2/QĐ", absl::CivilDay(2023, 4, 1), 1'000}, Mutation(),
                                   Deadline()),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("budget")));
  ASSERT_THAT(store_->CancelGrant(g.id, "Không thực hiện", Mutation(), Deadline()), IsOk());
  EXPECT_THAT(store_->ApproveGrant(other.id, {"2/QĐ", absl::CivilDay(2023, 4, 1), 1'000}, Mutation(),
                                   Deadline()),
              IsOk());
  EXPECT_EQ(QueryInt("SELECT approved_dong FROM program_budgets"), 1'000);
}

TEST_F(SubsidyStoreTest, CapPerBeneficiaryHoldsAcrossGrants) {
  ASSERT_TRUE(
      store_->CreateProgram(MakeProgram("P3", 10'000, /*cap=*/1'500), Mutation(), Deadline()).ok());
  const Beneficiary b = MakeBeneficiary("4800000030");
  ApplyAndApprove("P3", b.id, 1'000);
  const Grant second = Apply("P3", b.id, 1'000);
  EXPECT_THAT(store_->ApproveGrant(second.id, {"3/QĐ", absl::CivilDay(2023, 4, 1), 1'000}, Mutation(),
                                   Deadline()),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("cap")));
  EXPECT_THAT(store_->ApproveGrant(second.id, {"3/QĐ", absl::CivilDay(2023, 4, 1), 500}, Mutation(),
                                   Deadline()),
              IsOk());
}

TEST_F(SubsidyStoreTest, RejectedGrantIsFinal) {
  ASSERT_TRUE(store_->CreateProgram(MakeProgram("P4", 10'000), Mutation(), Deadline()).ok());
  const Grant g = Apply("P4", MakeBeneficiary("4800000040").id, 1'000);
  ASSERT_THAT(store_->RejectGrant(g.id, "Hồ sơ không đủ", Mutation(), Deadline()), IsOk());
  EXPECT_THAT(store_->ApproveGrant(g.id, {"4/QĐ", absl::CivilDay(2023, 4, 1), 1'000}, Mutation(), Deadline()),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("REJECTED")));
}

TEST_F(SubsidyStoreTest, BeneficiariesAreDeduplicatedByTaxCode) {
  MakeBeneficiary("4800000050");
  Beneficiary again;
  again.kind = BeneficiaryKind::kEnterprise;
  again.tax_code = "4800000050";
  again.display_name = "Công ty khác";
  again.org_unit_code = "178";
  EXPECT_THAT(store_->CreateBeneficiary(again, Mutation(), Deadline()),
              StatusIs(absl::StatusCode::kAlreadyExists, HasSubstr("beneficiary.tax_code")));
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM beneficiaries"), 1);
}

TEST_F(SubsidyStoreTest, UpdateWithAStaleEtagIsAbortedAndWritesNothing) {
  HOPTAC_ASSERT_OK_AND_ASSIGN(Program p, store_->CreateProgram(MakeProgram("P9", 1'000'000),
                                                               Mutation(), Deadline()));
  auto retitle = [](const std::string& title) {
    return [title](Program& stored) {
      stored.title = title;
      return absl::OkStatus();
    };
  };
  const std::string etag = absl::StrCat(p.revision);
  HOPTAC_ASSERT_OK_AND_ASSIGN(Program updated,
                              store_->UpdateProgram("P9", etag, {"title"}, retitle("Mới"),
                                                    Mutation("u-1"), Deadline()));
  EXPECT_EQ(updated.title, "Mới");
  EXPECT_EQ(updated.revision, p.revision + 1);
  EXPECT_THAT(store_->UpdateProgram("P9", etag, {"title"}, retitle("Cũ"), Mutation("u-2"),
                                    Deadline()),
              StatusIs(absl::StatusCode::kAborted, HasSubstr("programs/P9")));
  EXPECT_EQ(store_->GetProgram("P9", Deadline())->title, "Mới");
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM events WHERE resource = 'programs/P9' AND "
                     "event_type = 'UPDATED' AND request_id = 'u-1' AND detail = 'title'"),
            1);
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM events WHERE request_id = 'u-2'"), 0);

  const Beneficiary b = MakeBeneficiary("4800000099");
  HOPTAC_ASSERT_OK_AND_ASSIGN(
      Beneficiary renamed,
      store_->UpdateBeneficiary(
          b.id, absl::StrCat(b.revision), {"display_name"},
          [](Beneficiary& stored) {
            stored.display_name = "Hộ kinh doanh Hoàng Thị B";
            return absl::OkStatus();
          },
          Mutation("u-3"), Deadline()));
  EXPECT_EQ(renamed.display_name, "Hộ kinh doanh Hoàng Thị B");
  EXPECT_THAT(store_->UpdateBeneficiary(
                  b.id, absl::StrCat(b.revision), {"display_name"},
                  [](Beneficiary&) { return absl::OkStatus(); }, Mutation("u-4"), Deadline()),
              StatusIs(absl::StatusCode::kAborted, HasSubstr("etag")));
}

TEST_F(SubsidyStoreTest, ProgramCodeIsUniqueAndBudgetsRoundTrip) {
  ASSERT_TRUE(store_->CreateProgram(MakeProgram("P5", 7'000), Mutation(), Deadline()).ok());
  EXPECT_THAT(store_->CreateProgram(MakeProgram("P5", 7'000), Mutation(), Deadline()),
              StatusIs(absl::StatusCode::kAlreadyExists, HasSubstr("program.code")));
  HOPTAC_ASSERT_OK_AND_ASSIGN(Program p, store_->GetProgram("P5", Deadline()));
  ASSERT_EQ(p.budgets.size(), 1u);
  EXPECT_EQ(p.budgets[0].budget_dong, 7'000);
  EXPECT_EQ(p.legal_basis, MakeProgram("P5", 0).legal_basis);
  EXPECT_EQ(p.eligible_kinds.size(), 2u);
}

// The audit event the handler carries, for `request_id`.
MutationContext Audited(const std::string& request_id) {
  Caller caller;
  caller.subject = "officer.caoloc";
  caller.org_unit = "183";
  caller.role = Role::kUnitOfficer;
  return MutationContext{caller.Actor(), request_id, "fp",
                         AuditEventFor(caller, "hoptac.subsidy.v1.SubsidyService/X", "",
                                       request_id)};
}

TEST_F(LedgerTest, AChangeAppendsItsAuditEventInItsTransactionAndARetryOrFailureNone) {
  HOPTAC_ASSERT_OK_AND_ASSIGN(
      LedgerEntry entry,
      store_->RecordDisbursement({grant_.id, 1'000, absl::CivilDay(2023, 6, 1), ""},
                                 Audited("audit-1"), Deadline()));
  ASSERT_THAT(store_->RecordDisbursement({grant_.id, 1'000, absl::CivilDay(2023, 6, 1), ""},
                                         Audited("audit-1"), Deadline()),
              IsOk());
  // Refused by the rules (more than approved): rolled back with its event.
  EXPECT_THAT(store_->RecordDisbursement({grant_.id, 5'000'000, absl::CivilDay(2023, 6, 1), ""},
                                         Audited("audit-2"), Deadline()),
              StatusIs(absl::StatusCode::kFailedPrecondition, ::testing::_));
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM audit_events"), 1);
  EXPECT_EQ(QueryInt(absl::StrCat(
                "SELECT COUNT(*) FROM audit_events WHERE subject = 'officer.caoloc' AND role = "
                "'unit_officer' AND org_unit = '183' AND request_id = 'audit-1' AND resource = "
                "'ledgerEntries/", entry.id, "' AND outcome = 'OK'")),
            1);
}

TEST_F(LedgerTest, PaidByTheProgramsUnitAndListsKeepToTheirUnits) {
  Program city = MakeProgram("TP", 10'000'000);
  city.org_unit_code = "178";
  ASSERT_THAT(store_->CreateProgram(city, Mutation(), Deadline()), IsOk());
  const Grant theirs = ApplyAndApprove("TP", MakeBeneficiary("4800000011", "06247").id, 1'000);
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto payers,
                              store_->PayerUnitsOfGrants({grant_.id, theirs.id}, Deadline()));
  EXPECT_THAT(payers, ::testing::ElementsAre("20", "178"));
  // Asked again: the same answer (kept), and a missing grant is NOT_FOUND.
  HOPTAC_ASSERT_OK_AND_ASSIGN(payers, store_->PayerUnitsOfGrants({theirs.id}, Deadline()));
  EXPECT_THAT(payers, ::testing::ElementsAre("178"));
  EXPECT_THAT(store_->PayerUnitsOfGrants({theirs.id, 999'999}, Deadline()),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("grants/999999")));
  HOPTAC_ASSERT_OK_AND_ASSIGN(
      LedgerEntry entry, store_->RecordDisbursement({theirs.id, 500, absl::CivilDay(2023, 6, 1), ""},
                                                    Mutation("tp-1"), Deadline()));
  HOPTAC_ASSERT_OK_AND_ASSIGN(const std::string entry_payer,
                              store_->PayerUnitOfEntry(entry.id, Deadline()));
  EXPECT_EQ(entry_payer, "178");

  const UnitScope city_only = std::vector<std::string>{"178"};
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto grants, store_->ListGrants("", GrantState::kUnspecified,
                                                              city_only, 0, 100, Deadline()));
  ASSERT_EQ(grants.size(), 1u);
  EXPECT_EQ(grants[0].id, theirs.id);
  EXPECT_EQ(grants[0].payer_unit_code, "178");
  HOPTAC_ASSERT_OK_AND_ASSIGN(
      auto entries, store_->ListLedgerEntries(0, city_only, 0, 100, Deadline()));
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].id, entry.id);
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto programs, store_->ListPrograms(SupportKind::kUnspecified, "",
                                                                  city_only, "", 100, Deadline()));
  ASSERT_EQ(programs.size(), 1u);
  EXPECT_EQ(programs[0].code, "TP");
  // Beneficiaries by their own unit: the fixture's lives in the city, the
  // other in Yên Trạch.
  HOPTAC_ASSERT_OK_AND_ASSIGN(
      auto beneficiaries,
      store_->ListBeneficiaries(BeneficiaryKind::kUnspecified, city_only, 0, 100, Deadline()));
  ASSERT_EQ(beneficiaries.size(), 1u);
  EXPECT_EQ(beneficiaries[0].id, grant_.application.beneficiary_id);
  HOPTAC_ASSERT_OK_AND_ASSIGN(
      auto everyone,
      store_->ListBeneficiaries(BeneficiaryKind::kUnspecified, std::nullopt, 0, 100, Deadline()));
  EXPECT_EQ(everyone.size(), 2u);
}

}  // namespace
}  // namespace hoptac::subsidy
