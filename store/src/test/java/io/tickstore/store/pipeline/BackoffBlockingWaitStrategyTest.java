package io.tickstore.store.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.dsl.Disruptor;
import com.lmax.disruptor.dsl.ProducerType;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Timeout;

/** The strategy on a real two-stage Disruptor, as the pipeline uses it (journaller, then writer). */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BackoffBlockingWaitStrategyTest {
    private static final class Slot {
        long value;
        long seenFirst = -1;
    }

    /** Records values in order; counts timeouts (the writer commits on them when traffic stops). */
    private static final class Recorder implements EventHandler<Slot> {
        final List<Long> seen = new ArrayList<>();
        final AtomicInteger timeouts = new AtomicInteger();
        final CountDownLatch done;
        final boolean first;
        /** As the journaller does: after each batch, move the sequence and wake the handler behind. */
        BackoffBlockingWaitStrategy signals;
        Sequence sequence;

        Recorder(int expect, boolean first) {
            this.done = new CountDownLatch(expect);
            this.first = first;
        }

        @Override
        public void setSequenceCallback(Sequence sequenceCallback) {
            this.sequence = sequenceCallback;
        }

        @Override
        public void onEvent(Slot slot, long sequence, boolean endOfBatch) {
            if (first) {
                slot.seenFirst = slot.value;
            } else {
                assertEquals(slot.value, slot.seenFirst, "the second handler sees only what the first has passed");
            }
            seen.add(slot.value);
            done.countDown();
            if (endOfBatch && signals != null) {
                this.sequence.set(sequence);
                signals.signalDependents();
            }
        }

        @Override
        public void onTimeout(long sequence) {
            timeouts.incrementAndGet();
        }
    }

    /** {@code signalling}: the first stage wakes the second after each batch (the journaller does); else it polls. */
    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void bothStagesSeeEveryEventInOrderAndBothTimeOutWhenIdle(boolean signalling) throws Exception {
        int n = 20_000;
        BackoffBlockingWaitStrategy strategy = new BackoffBlockingWaitStrategy(5, TimeUnit.MILLISECONDS);
        Disruptor<Slot> disruptor = new Disruptor<>(Slot::new, 1024, Thread::new, ProducerType.MULTI, strategy);
        Recorder journaller = new Recorder(n, true);
        journaller.signals = signalling ? strategy : null;
        Recorder writer = new Recorder(n, false);
        disruptor.handleEventsWith(journaller).then(writer);
        RingBuffer<Slot> ring = disruptor.start();
        try {
            for (int i = 0; i < n; i++) {
                long s = ring.next();
                Slot slot = ring.get(s);
                slot.value = i;
                slot.seenFirst = -1;
                ring.publish(s);
                if (i % 5_000 == 0) {
                    Thread.sleep(20); // idle gaps: both stages must park and come back
                }
            }
            assertTrue(journaller.done.await(30, TimeUnit.SECONDS), "journaller saw " + journaller.seen.size());
            assertTrue(writer.done.await(30, TimeUnit.SECONDS), "writer saw " + writer.seen.size());
            for (int i = 0; i < n; i++) {
                assertEquals(i, journaller.seen.get(i));
                assertEquals(i, writer.seen.get(i));
            }
            int journallerTimeouts = journaller.timeouts.get();
            int writerTimeouts = writer.timeouts.get();
            Thread.sleep(100);
            assertTrue(journaller.timeouts.get() > journallerTimeouts, "the first stage times out while idle");
            assertTrue(writer.timeouts.get() > writerTimeouts, "the second stage times out while idle (commits then)");
        } finally {
            disruptor.shutdown(10, TimeUnit.SECONDS);
        }
    }
}
