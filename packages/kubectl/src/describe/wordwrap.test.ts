import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { goTextVectors } from "./testdata/vectors.js";
import { wrapString } from "./wordwrap.js";

const vectors = goTextVectors().filter((v) => v.kind === "wrap");

describe("wrapString: outputs of go-wordwrap's WrapString on the same inputs", () => {
  it("has the copied vectors", () => {
    expect(vectors).toHaveLength(40);
  });
  it.each(vectors.map((v) => [v.name, v] as const))("%s", (_, v) => {
    expect(wrapString(v.chunks[0]!, v.limit!)).toBe(v.expected);
  });
});

describe("wrapString", () => {
  it("breaks before the word that would pass the limit, dropping the space", () => {
    expect(wrapString("Pod is a collection of containers", 12)).toBe(
      "Pod is a\ncollection\nof\ncontainers",
    );
  });

  it("keeps a word longer than the limit whole", () => {
    expect(wrapString("see https://git.k8s.io/community/contributors", 10)).toBe(
      "see\nhttps://git.k8s.io/community/contributors",
    );
  });

  it("property: the words and existing line breaks are kept; a line passes the limit only around a word as long as the limit", () => {
    const word = fc.stringMatching(/^[a-z]{1,15}$/);
    fc.assert(
      fc.property(
        fc.array(word, { maxLength: 30 }),
        fc.integer({ min: 1, max: 60 }),
        (words, limit) => {
          const text = words.join(" ");
          const out = wrapString(text, limit);
          expect(out.split(/\s+/).filter((w) => w !== "")).toEqual(words);
          // go-wordwrap only breaks before a word shorter than the limit.
          for (const line of out.split("\n"))
            if (line.length > limit)
              expect(line.split(" ").some((w) => w.length >= limit)).toBe(true);
        },
      ),
    );
  });
});
