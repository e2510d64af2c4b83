#!/usr/bin/env bash
# Coverage-guided fuzzing of velo's input handling with Jazzer (issue 16, docs/reliability.md#fuzzing).
#
#   scripts/fuzz.sh            fuzz every target, one after another, 10 minutes each (@FuzzTest maxDuration)
#   scripts/fuzz.sh parse csv  only the named targets (parse, property, yaml, csv, json, avro)
#
# Each target is a JUnit @FuzzTest run in fuzzing mode (JAZZER_FUZZ=1). It starts from its committed inputs
# (src/test/resources/<package>/<Class>Inputs/<method>/) and the corpus it grew before (.cifuzz-corpus/, not
# committed). A crash, hang or out-of-memory is saved next to the committed inputs as crash-*/timeout-*/...; commit it
# there once fixed and the normal build replays it. For each target the script prints libFuzzer's last status line
# (#executions, cov: edges, ft: features) and keeps the whole log in target/fuzz-logs/.
set -uo pipefail
cd "$(dirname "$0")/.."

declare -A MODULE=([parse]=velo-dialect [property]=velo-dialect [yaml]=velo-dialect
                   [csv]=velo-flink-connectors [json]=velo-flink-connectors [avro]=velo-flink-connectors)
declare -A TEST=([parse]='dev.veloflink.dialect.fuzz.ParserFuzzTest#parse'
                 [property]='dev.veloflink.dialect.fuzz.PropertyFuzzTest#resolve'
                 [yaml]='dev.veloflink.dialect.fuzz.YamlConfigFuzzTest#load'
                 [csv]='dev.veloflink.connectors.decode.CsvDecoderFuzzTest#csvFile'
                 [json]='dev.veloflink.connectors.decode.JsonDecoderFuzzTest#jsonLines'
                 [avro]='dev.veloflink.connectors.kafka.AvroDecoderFuzzTest#avroValue')
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(parse property yaml csv json avro)

mkdir -p target/fuzz-logs
status=0
for t in "${targets[@]}"; do
    module=${MODULE[$t]:?unknown target $t (parse, property, yaml, csv, json, avro)}
    class=${TEST[$t]%#*}
    log=target/fuzz-logs/$t.log
    start=$(date +%s)
    # -am: the modules a target uses come from this tree's class folders, so they are instrumented (coverage counts
    # all of velo's classes) and a jar installed meanwhile cannot change under a run. Timeouts: libFuzzer's per-input
    # limit comes from the method's @Timeout; JUnit's own is off so that it does not cut the 10-minute run short.
    # Hooks (comparison tracing, sanitizers) are on, as fuzzing needs them.
    JAZZER_FUZZ=1 mvn -B -ntp -pl "$module" -am test -Dtest="${TEST[$t]}" -Dsurefire.failIfNoSpecifiedTests=false \
        -Djunit.jupiter.execution.timeout.mode=disabled -Djazzer.hooks=true \
        -Djazzer.instrumentation_includes='dev.veloflink.**' > "$log" 2>&1
    rc=$?
    # libFuzzer writes to the console; what the target itself printed is in surefire's report folder.
    cat "$module/target/surefire-reports/$class-output.txt" >> "$log" 2>/dev/null
    seconds=$(( $(date +%s) - start ))
    last=$(grep -aE '^#[0-9]+' "$log" | tail -1)
    findings=$(grep -aE '^(== Java Exception|==[0-9]+== ERROR|SUMMARY: libFuzzer)' "$log" | head -3)
    echo "$t: rc=$rc ${seconds}s  last: $last"
    [ -n "$findings" ] && echo "$findings" | sed 's/^/    /'
    [ $rc -ne 0 ] && status=1
done
exit $status
