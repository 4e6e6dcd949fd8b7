// Who is offered what, mirroring each service's ACCESS (services/*/domain/access.py):
// a menu entry or button a role may not use is not shown. The services still decide;
// this only keeps the console from offering what they would refuse.
export const ALL_ROLES = [
  "community_worker",
  "street_admin",
  "district_admin",
  "employment_officer",
  "rehab_worker",
  "police_liaison",
  "anti_drug_office",
  "justice_office",
  "mediator",
  "activity_organiser",
  "auditor",
  "police_partner",
] as const;

// A partner department's system (the police's, role police_partner) sends its data
// over the API and reads nothing: "every role" of a page means the staff roles.
export const STAFF_ROLES = ALL_ROLES.filter((role) => role !== "police_partner");
// Granted by a district administrator only (registry domain/access.py may_manage).
export const DISTRICT_GRANTS: readonly string[] = ["district_admin", "police_partner"];

export const ACCESS = {
  // registry: every role reads files in its subtree; the offices' own staff write.
  readPersons: STAFF_ROLES,
  registerPersons: ["community_worker", "street_admin", "district_admin"],
  // registry's erasure (个人信息删除) and retention rule: the district administrator only;
  // the rule and the due ledger are read by auditors too (api/erasure.py, retention.py).
  erasePersons: ["district_admin"],
  readRetention: ["district_admin", "auditor"],
  setRetention: ["district_admin"],
  // employment: its writers and auditors read; other roles see no employment file.
  readEmployment: [
    "employment_officer",
    "community_worker",
    "street_admin",
    "district_admin",
    "auditor",
  ],
  writeEmployment: ["employment_officer", "community_worker", "street_admin", "district_admin"],
  // reporting: the audit log and case replay for auditors and admins; verifying every
  // store's chains for the district's auditor or admin (reporting's may_audit, may_verify).
  audit: ["auditor", "district_admin", "street_admin"],
  verifyChains: ["auditor", "district_admin"],
  // 系统管理 (registry api/offices.py, staff.py): offices are written by the offices' own
  // staff within their subtree (closing one takes the level above); staff are managed
  // by street and district admins, and only a district admin grants that role (or
  // the police's partner account).
  writeOffices: ["community_worker", "street_admin", "district_admin"],
  manageStaff: ["street_admin", "district_admin"],
  grantDistrictAdmin: ["district_admin"],
  // 工作台's trend and work-plan progress: for street and district staff.
  officeTrends: ["street_admin", "district_admin"],
  // registryPages: households are read by every role in its subtree; households,
  // corrections, moves, deaths and ledger imports (whose jobs only writers read) are
  // written by the registry's writers (services/registry/.../domain/access.py ACCESS).
  readHouseholds: STAFF_ROLES,
  writeHouseholds: ["community_worker", "street_admin", "district_admin"],
  changePersons: ["community_worker", "street_admin", "district_admin"],
  importLedgers: ["community_worker", "street_admin", "district_admin"],
  // reportingPages (services/reporting/.../domain/access.py): every role reads the
  // ledgers, figures and work plans of its subtree; a plan is written by the office's
  // own staff (community worker, street or district admin) or an admin above it.
  readReports: STAFF_ROLES,
  writePlans: ["community_worker", "street_admin", "district_admin"],
  planAbove: ["street_admin", "district_admin"],
  // reporting's rehab ledgers (api/rehab.py): every role reads them in its subtree; the
  // case ledger names clients only to the rehab roles (SEES_REHAB), others get counts.
  readRehabLedgers: ALL_ROLES,
  // rehabPages (services/rehab/.../domain/access.py): a case is read and written only by
  // rehab workers, police liaisons and the anti-drug office (禁毒办), in their usual
  // scope; street/district admins and auditors see counts only; a district anti-drug
  // officer opens a case by break-glass; rehab workers and 禁毒办 review those openings.
  readRehabCases: ["rehab_worker", "police_liaison", "anti_drug_office"],
  writeRehabCases: ["rehab_worker", "police_liaison", "anti_drug_office"],
  rehabFigures: ["rehab_worker", "police_liaison", "anti_drug_office", "street_admin", "district_admin", "auditor"],
  rehabBreakGlass: ["anti_drug_office"],
  // eventsPages (services/events/.../domain/access.py): the activity organiser writes;
  // every staff member reads activities, ledgers and figures in its subtree.
  readEvents: STAFF_ROLES,
  writeEvents: ["activity_organiser"],
  reviewRehabBreakGlass: ["rehab_worker", "anti_drug_office"],
  // mediationPages (services/mediation/.../domain/access.py): mediators keep the ledger;
  // the justice office (司法所), community workers, admins and the auditor read it
  // (the parties masked but for mediators and 司法所); everyone reads the hotline list.
  readDisputes: ["mediator", "justice_office", "community_worker", "street_admin", "district_admin", "auditor"],
  writeDisputes: ["mediator"],
  readCommittees: STAFF_ROLES,
  // designationPages (reporting's domain/access.py): every staff role reads scorecards,
  // designations and campaigns of its subtree; the campaigns are set by the district
  // admin (who may take which step: pages/designations/designations.ts).
  readDesignations: STAFF_ROLES,
  defineCampaigns: ["district_admin"],
} as const;
