package org.watchtray.app.ui.timeline;

import java.util.AbstractList;
import java.util.List;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.collections.ObservableListBase;

/**
 * What the table shows: the rows in memory (live and recently read back, newest first) and
 * below them the rest of the history ({@link HistoryTail}), as one list. Changes of the rows in
 * memory pass through at the same indexes; a new tail (another filter) replaces the list.
 */
final class TimelineList extends ObservableListBase<TimelineRow> {
    private final ObservableList<TimelineRow> head;
    private final HistoryTail tail;
    private int tailSize;

    /**
     * @param pages      the history below the head
     * @param background where a new tail's exact count runs
     * @param fx         where its result arrives (the thread that calls everything else)
     */
    TimelineList(ObservableList<TimelineRow> head, HistoryPages pages, java.util.concurrent.Executor background,
                 java.util.concurrent.Executor fx) {
        this.head = head;
        this.tail = new HistoryTail(pages, background, fx, this::tailResized); // called back only later, on fx
        head.addListener((ListChangeListener<TimelineRow>) this::headChanged);
    }

    /** Where the tail begins (its rows are older), or null when there is none. */
    java.time.Instant boundary() {
        return tail.boundary();
    }

    /** The history below {@code before} for {@code filter} (null: none) replaces the tail. */
    void resetTail(RowFilter filter, java.time.Instant before) {
        tail.reset(filter, before);
        tailChanged();
    }

    /**
     * As {@link #resetTail}, its first page read in the background; {@code done} then gets, on
     * the FX thread, what replaces the tail (to run at once), or null when another reset came first.
     */
    void resetTailInBackground(RowFilter filter, java.time.Instant before, java.util.function.Consumer<Runnable> done) {
        tail.resetInBackground(filter, before, replace -> done.accept(replace == null ? null : () -> {
            replace.run();
            tailChanged();
        }));
    }

    @Override
    public TimelineRow get(int index) {
        int h = head.size();
        if (index < h) {
            return head.get(index);
        }
        if (index - h >= tailSize) {
            throw new IndexOutOfBoundsException(index);
        }
        return tail.get(index - h);
    }

    @Override
    public int size() {
        return head.size() + tailSize;
    }

    /**
     * The tail was reset: everything below the head is new. Told as one change made here, not
     * through the change builder: the builder takes a removal one row at a time, and a year of
     * history's tail is a million rows (over 100 ms on the FX thread at every filter change).
     *
     * <p>The change is the new tail added below the head, then the old one removed below it: two
     * steps, never one step that replaces rows. The table's skin takes a replacing step as "the
     * items may all be different" and rebuilds every visible row from scratch (each row emptied
     * and filled again, its nodes re-styled); an addition and a removal only make it check each
     * visible row's item, so the rows in memory on screen cost nothing. During a flood the tail
     * moves once a second.
     */
    private void tailChanged() {
        int old = tailSize;
        int h = head.size();
        tailSize = tail.size();
        if (old > 0 || tailSize > 0) {
            fireChange(new TailReplaced(this, h, tailSize, placeholders(old)));
        }
    }

    /** Rows {@code from}..{@code from + added} (exclusive) come in, then {@code removed} leave right below them. */
    private static final class TailReplaced extends ListChangeListener.Change<TimelineRow> {
        private final int from;
        private final int added;
        private final List<TimelineRow> removed;
        /** The steps there are: the addition (0), the removal (1); an empty one is left out. */
        private final int[] steps;
        private int step = -1;

        TailReplaced(ObservableList<TimelineRow> list, int from, int added, List<TimelineRow> removed) {
            super(list);
            this.from = from;
            this.added = added;
            this.removed = removed;
            this.steps = added > 0 && !removed.isEmpty() ? new int[] {0, 1} : added > 0 ? new int[] {0} : new int[] {1};
        }

        @Override
        public boolean next() {
            return ++step < steps.length;
        }

        @Override
        public void reset() {
            step = -1;
        }

        @Override
        public int getFrom() {
            return kind() == 0 ? from : from + added;
        }

        @Override
        public int getTo() {
            kind();
            return from + added;
        }

        @Override
        public List<TimelineRow> getRemoved() {
            return kind() == 0 ? List.of() : removed;
        }

        @Override
        protected int[] getPermutation() {
            kind();
            return new int[0];
        }

        private int kind() {
            if (step < 0 || step >= steps.length) {
                throw new IllegalStateException("call next() first");
            }
            return steps[step];
        }
    }

    /** The tail's size changed (its count arrived): rows come or go at its end. */
    private void tailResized() {
        int old = tailSize;
        int now = tail.size();
        if (now == old) {
            return;
        }
        int h = head.size();
        tailSize = now;
        beginChange();
        if (now > old) {
            nextAdd(h + old, h + now);
        } else {
            nextRemove(h + now, placeholders(old - now));
        }
        endChange();
    }

    private void headChanged(ListChangeListener.Change<? extends TimelineRow> c) {
        beginChange();
        while (c.next()) {
            if (c.wasPermutated()) {
                int[] perm = new int[c.getTo() - c.getFrom()];
                for (int i = c.getFrom(); i < c.getTo(); i++) {
                    perm[i - c.getFrom()] = c.getPermutation(i);
                }
                nextPermutation(c.getFrom(), c.getTo(), perm);
            } else if (c.wasUpdated()) {
                for (int i = c.getFrom(); i < c.getTo(); i++) {
                    nextUpdate(i);
                }
            } else {
                if (c.wasRemoved()) {
                    nextRemove(c.getFrom(), List.copyOf(c.getRemoved()));
                }
                if (c.wasAdded()) {
                    nextAdd(c.getFrom(), c.getTo());
                }
            }
        }
        endChange();
    }

    /** Rows that were never read need not be read to say they left. */
    private static List<TimelineRow> placeholders(int n) {
        return new AbstractList<>() {
            @Override
            public TimelineRow get(int index) {
                return null;
            }

            @Override
            public int size() {
                return n;
            }
        };
    }
}
