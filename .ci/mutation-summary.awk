# Per-class scores from PIT's mutations.csv files (extension/target/pit-reports*), nested classes
# counted with their outer class: awk -f .ci/mutation-summary.awk extension/target/pit-reports*/mutations.csv
# Test strength is what PIT's threshold checks: detected mutants among those some test reaches.
BEGIN { FS = "," }
{
    class = $2
    sub(/\$.*/, "", class)
    sub(/^dev\.asynctemp\./, "", class)
    total[class]++
    if ($6 == "NO_COVERAGE") {
        uncovered[class]++
    } else if ($6 == "SURVIVED") {
        survived[class]++
    } else {
        detected[class]++   # KILLED, TIMED_OUT, MEMORY_ERROR, RUN_ERROR
    }
}
END {
    format = "%-26s %8s %9s %9s %10s %9s\n"
    printf format, "class", "mutants", "detected", "survived", "no test", "strength"
    n = 0
    for (class in total) {
        names[++n] = class
    }
    for (i = 2; i <= n; i++) {  # insertion sort: POSIX awk has no sort
        for (j = i; j > 1 && names[j - 1] > names[j]; j--) {
            t = names[j]; names[j] = names[j - 1]; names[j - 1] = t
        }
    }
    for (i = 1; i <= n; i++) {
        c = names[i]
        line(c, total[c], detected[c], survived[c], uncovered[c])
        T += total[c]; D += detected[c]; S += survived[c]; U += uncovered[c]
    }
    line("all", T, D, S, U)
}
function line(name, total, detected, survived, uncovered,    covered) {
    covered = total - uncovered
    printf "%-26s %8d %9d %9d %10d %8.1f%%\n", name, total, detected, survived, uncovered,
        covered ? 100 * detected / covered : 100
}
