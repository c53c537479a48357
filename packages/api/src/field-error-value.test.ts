import { describe, expect, it } from "vitest";
import { formatFieldValue } from "./errors.js";

describe("formatFieldValue (field.Error.ErrorBody)", () => {
  it("quotes strings as Go's %q does, not as JSON", () => {
    expect(formatFieldValue("web")).toBe('"web"');
    expect(formatFieldValue("a\u0001b")).toBe('"a\\x01b"');
    expect(formatFieldValue(["x", "a\u007fb"])).toBe('[]string{"x", "a\\x7fb"}');
  });
});
