package io.llmrelay.worker.consumer;

import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Which offsets of one assigned partition are taken and which are finished, and so which offset may be
 * committed: the oldest unfinished one, or one past the last taken when all are finished. Records finish
 * in any order (a slow call does not hold up others), but the committed offset never passes an
 * unfinished record, so a crash redelivers it. One instance per assignment of a partition; owned by the
 * poll thread.
 */
final class PartitionProgress {

    /** Taken and not yet below the commit point, ascending. */
    private final ArrayDeque<Long> pending = new ArrayDeque<>();
    /** Finished while an older record was still running. */
    private final Set<Long> finishedAhead = new HashSet<>();
    private long lastTaken = -1;
    private long safe = -1;
    private long committed = -1;

    void taken(long offset) {
        if (offset <= lastTaken) {
            throw new IllegalArgumentException("offset " + offset + " taken after " + lastTaken
                    + "; offsets must ascend");
        }
        pending.addLast(offset);
        lastTaken = offset;
    }

    void finished(long offset) {
        if (pending.isEmpty() || offset < pending.peekFirst() || offset > lastTaken) {
            throw new IllegalArgumentException("offset " + offset + " finished but it is not pending");
        }
        if (!finishedAhead.add(offset)) {
            throw new IllegalArgumentException("offset " + offset + " finished twice");
        }
        while (!pending.isEmpty() && finishedAhead.remove(pending.peekFirst())) {
            safe = pending.pollFirst() + 1;
        }
    }

    /** The offset to commit (the next record to read after a restart), when it moved since the last commit. */
    OptionalLong commitDue() {
        return safe > committed ? OptionalLong.of(safe) : OptionalLong.empty();
    }

    void committed(long offset) {
        committed = Math.max(committed, offset);
    }

    /** Taken records not yet below the commit point, the finished-ahead ones included. */
    int pendingCount() {
        return pending.size();
    }
}
