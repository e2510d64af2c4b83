#!/usr/bin/env python3
"""Where a task thread's time goes, from a JFR recording of `./velo bench` (docs/performance.md quotes its output).

Record, then print the samples and read them:

    VELO_JAVA_OPTS="-Xmx2g -XX:+UseParallelGC -XX:StartFlightRecording=filename=run.jfr,settings=profile" \\
        ./velo bench --no-flinksql --scenario passthrough_jsonl --parallelism 1 --rows 3000000 --runs 2
    jfr print --events jdk.ExecutionSample --stack-depth 60 run.jfr > run.txt
    bench/tools/jfr_top.py run.txt "decode readings"              # self time of the top frames
    bench/tools/jfr_top.py run.txt "decode readings" --inclusive  # time under each frame
    bench/tools/jfr_top.py run.txt "decode readings" --callers Row.getField

A thread is chosen by a part of its name (Flink names a task thread after its chained operators). JFR samples a
running thread about every 10-20 ms, so shares are estimates; compare shares of one recording, not counts across runs.
"""
import argparse
import collections
import re


def samples(path, thread_part):
    thread, frames = None, []
    with open(path) as text:
        for line in text:
            if line.startswith('jdk.ExecutionSample'):
                if thread and thread_part in thread and frames:
                    yield frames
                thread, frames = None, []
                continue
            named = re.match(r'\s*sampledThread = "(.*)"', line)
            if named:
                thread = named.group(1)
            elif line.startswith('    ') and 'line:' in line:
                frames.append(re.sub(r'\(.*\)', '', line.strip().split(' line:')[0]))
    if thread and thread_part in thread and frames:
        yield frames


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('samples', help='the output of jfr print --events jdk.ExecutionSample')
    parser.add_argument('thread', help='a part of the task thread name')
    parser.add_argument('--top', type=int, default=25)
    parser.add_argument('--inclusive', action='store_true', help='count every frame on the stack, not just the top')
    parser.add_argument('--callers', metavar='FRAME', help='the callers of top frames containing FRAME')
    args = parser.parse_args()

    counts, total = collections.Counter(), 0
    for frames in samples(args.samples, args.thread):
        total += 1
        if args.callers:
            if args.callers in frames[0]:
                counts[' <- '.join(frames[1:4])] += 1
        elif args.inclusive:
            counts.update(set(frames))
        else:
            counts[frames[0]] += 1
    print(f'{total} samples in threads named *{args.thread}*')
    for frame, count in counts.most_common(args.top):
        print(f'{100 * count / max(total, 1):5.1f} % {count:6d}  {frame}')


if __name__ == '__main__':
    main()
