import { describe, expect, it } from "vitest";
import { ACCESS } from "@/access";
import { eventsRoutes } from "@/router/events";
import { KINDS, label } from "./api";

describe("the events pages", () => {
  it("name every kind of activity and duty in the office's words", () => {
    expect(KINDS.map((k) => label("kinds", k))).toContain("卫生自查");
    expect(label("kinds", "anti_drug_meeting")).toBe("禁毒工作会议");
    expect(label("duties", "party_class")).toBe("党课");
    expect(label("kinds", "unknown_kind")).toBe("unknown_kind");
  });

  it("offer planning to the activity organiser only, reading to every staff member", () => {
    const roles = Object.fromEntries(eventsRoutes.map((r) => [r.name, r.meta?.roles]));
    expect(roles["events-activity-new"]).toEqual(["activity_organiser"]);
    expect(roles["events-activities"]).toBe(ACCESS.readEvents);
    for (const page of ["events-activity", "events-volunteer", "events-teams", "events-team", "events-corners"]) {
      expect(roles[page]).toBe(ACCESS.readEvents);
    }
    expect(ACCESS.readEvents).not.toContain("police_partner");
  });
});
