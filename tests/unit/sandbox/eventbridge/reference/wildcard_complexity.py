"""Independent model of aws/event-ruler's MachineComplexityEvaluator, used to cross-check
`wildcardComplexity` in src/main/sandbox/eventbridge/pattern.ts.

event-ruler matches a string field against its JSON text ('"' + value + '"'). Wildcard patterns on one
field share the states of a common prefix (its byte machine is a trie); a '*' is a state that loops on
every byte and can be entered without consuming one. The complexity is the largest, over all inputs,
sum across the states the machine can be in at once of the number of wildcard patterns reachable
from each state (the start state itself is not counted, as in the evaluator's breadth-first walk).

Run:  python3 tests/unit/sandbox/eventbridge/reference/wildcard_complexity.py
Output (2025, committed in pattern-aws-recorded.test.ts):
  *:*:*:*:*:event-bus/* 11
  /Users/*/dir/dir/dir/dir/dir/doc.txt 7
  /Users/*/doc.txt 2
  arn:aws:events:us-east-1:*:event-bus/* 3
  3 x *:stack/<name>/* 9
  4 x *:stack/<name>/* 12
  */lib/* 4
  Simple*Service 2
"""


def complexity(patterns):
    pats = ['"' + p + '"' for p in patterns]
    reach = {}
    edges = {}
    for idx, p in enumerate(pats):
        node = ''
        reach.setdefault(node, set()).add(idx)
        for c in p:
            nxt = node + c
            reach.setdefault(nxt, set()).add(idx)
            edges.setdefault(node, set()).add((c, nxt))
            node = nxt

    def closure(states):
        out = set(states)
        stack = list(states)
        while stack:
            s = stack.pop()
            for c, n in edges.get(s, ()):
                if c == '*' and n not in out:
                    out.add(n)
                    stack.append(n)
        return frozenset(out)

    def step(states, ch):
        nxt = set()
        for s in states:
            if s.endswith('*'):
                nxt.add(s)
            for c, n in edges.get(s, ()):
                if c != '*' and c == ch:
                    nxt.add(n)
        return closure(nxt)

    alphabet = set(c for p in pats for c in p if c != '*') | {'\x00'}
    start = closure({''})
    seen = {start}
    frontier = [start]
    best = 0
    while frontier:
        states = frontier.pop()
        for ch in alphabet:
            n = step(states, ch)
            if not n or n in seen:
                continue
            seen.add(n)
            frontier.append(n)
            best = max(best, sum(len(reach[s]) for s in n))
    return best


CASES = [
    ('*:*:*:*:*:event-bus/*', ['*:*:*:*:*:event-bus/*']),
    ('/Users/*/dir/dir/dir/dir/dir/doc.txt', ['/Users/*/dir/dir/dir/dir/dir/doc.txt']),
    ('/Users/*/doc.txt', ['/Users/*/doc.txt']),
    ('arn:aws:events:us-east-1:*:event-bus/*', ['arn:aws:events:us-east-1:*:event-bus/*']),
    ('3 x *:stack/<name>/*', ['*:stack/Alpha/*', '*:stack/Beta/*', '*:stack/Gamma/*']),
    ('4 x *:stack/<name>/*', ['*:stack/Alpha/*', '*:stack/Beta/*', '*:stack/Gamma/*', '*:stack/Delta/*']),
    ('*/lib/*', ['*/lib/*']),
    ('Simple*Service', ['Simple*Service']),
]

if __name__ == '__main__':
    for label, pats in CASES:
        print(label, complexity(pats))
