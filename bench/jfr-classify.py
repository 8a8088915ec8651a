# Groups JFR execution samples of the harness threads (bench-*) by the first project or Drools frame.
# jfr print --events jdk.ExecutionSample rec.jfr > samples.txt && python3 bench/jfr-classify.py samples.txt
import re,collections,sys
txt=open(sys.argv[1]).read()
events=txt.split('jdk.ExecutionSample')
c=collections.Counter(); leaf=collections.Counter()
for e in events[1:]:
    frames=re.findall(r'^\s+([\w$.<>]+)\(',e,re.M)
    if not frames: continue
    if "\"bench-" not in e: continue
    cat='JDK (other)'
    for f in frames:
        if f.startswith('de.wegweiser.rules.TopKEvaluator$Worker.bound') or f.startswith('de.wegweiser.rules.TopKEvaluator$Worker.add'):
            cat='top-k: bounds over the catalog (bit sets)'; break
        if f.startswith('de.wegweiser.rules.TopKEvaluator$Worker$Top.evaluateMore') and frames[0].startswith(('de.wegweiser', 'java.')):
            cat='top-k: choosing the items of a round'; break
        if f.startswith('de.wegweiser.rules.TopKEvaluator.probe') or f.startswith('de.wegweiser.rules.Planning'):
            cat='top-k: planner and probes'; break
        if f.startswith('de.wegweiser.recommend'): cat='ranking (top 20 of all candidates)'; break
        if f.startswith('de.wegweiser.rules.Scorecard') or f.startswith('de.wegweiser.rules.Scoring') or f.startswith('de.wegweiser.rules.FiringGuard') or f.startswith('de.wegweiser.rules.Evaluation'): cat='scorecard: tallies, reasons, guard'; break
        if f.startswith('de.wegweiser.domain'): cat='item tests (ContentItem methods)'; break
        if f.startswith('ConditionEvaluator') or f.startswith('org.drools.mvel') or 'Constraint' in f: cat='Drools: constraint evaluation'; break
        if f.startswith('org.drools'): cat='Drools: network, tuples, agenda, firing'; break
        if f.startswith('de.wegweiser.rules.HandWritten'): cat='hand-written rule checks'; break
    c[cat]+=1
tot=sum(c.values())
for k,v in c.most_common(): print(f"| {k} | {100*v/tot:.0f}% |")
print("samples", tot)
