import { describe, expect, it } from "vitest";
import type { DisputeView } from "./api";
import { blank, body, factsOf, missing, offered, STEPS, type StepSpec } from "./steps";

const spec = (key: string): StepSpec => STEPS.find((s) => s.key === key) as StepSpec;

function view(events: Record<string, unknown>[], status = "accepted"): DisputeView {
  return { dispute_id: "d-1", office: "441900101002", status, version: events.length, whole: true, events };
}

const registered = { type: "DisputeRegistered", parties: [{ name: "王建华" }, { name: "李秀英" }] };

describe("the dispute's steps", () => {
  it("offers acceptance or declining to a registered dispute", () => {
    expect(offered("registered", factsOf(view([registered], "registered")))).toEqual(["accept", "decline"]);
  });

  it("offers 回避 only once mediators are assigned, the replacement recorded", () => {
    const assigned = { type: "MediatorsAssigned", mediators: ["m-1", "m-2"] };
    const recused = { type: "MediatorRecused", mediator: "m-1", replacement: "m-3" };
    expect(offered("accepted", factsOf(view([registered])))).not.toContain("recusal");
    const facts = factsOf(view([registered, assigned, recused]));
    expect(facts.mediators).toEqual(["m-3", "m-2"]);
    expect(offered("accepted", facts)).toContain("recusal");
  });

  it("offers the court's answer once judicial confirmation was applied for", () => {
    const applied = { type: "JudicialConfirmationApplied" };
    expect(offered("agreed", factsOf(view([registered], "agreed")))).toEqual(["followUps", "confirmation", "close"]);
    expect(offered("agreed", factsOf(view([registered, applied], "agreed")))).toEqual(["followUps", "answer", "close"]);
  });

  it("asks for what a step requires and sends numbers and the opinion as the service takes them", () => {
    const values = { ...blank(spec("followUps")), obligation: "2", satisfied: "" };
    expect(missing(spec("sessions"), blank(spec("sessions")), "!")).toEqual({ place: "!", summary: "!" });
    expect(body(spec("followUps"), values)).toMatchObject({ obligation: 2, fulfilled: true, satisfied: null, note: "" });
    expect(body(spec("followUps"), { ...values, satisfied: "no" }).satisfied).toBe(false);
  });
});
