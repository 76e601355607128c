package io.tickstore.config;

import java.util.Locale;

/** How the journaller and writer threads wait for work on the ring. */
public enum WaitStrategyKind {
    /** Parks on a lock: lowest CPU use, highest wake-up latency. */
    BLOCKING,
    /** Spins, then yields, then sleeps briefly: lower latency, some CPU while idle. */
    SLEEPING,
    /** Spins, then yields: lowest latency, burns a core per waiting thread. */
    YIELDING;

    /** @return the value as written in configuration: {@code blocking}, {@code sleeping} or {@code yielding} */
    public String configValue() {
        return name().toLowerCase(Locale.ROOT);
    }
}
