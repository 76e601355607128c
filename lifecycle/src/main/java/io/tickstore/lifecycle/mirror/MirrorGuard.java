package io.tickstore.lifecycle.mirror;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What stands between the mirror and PostgreSQL: a retry with exponential backoff (3 attempts, 200 ms
 * then 400 ms apart) around a circuit breaker. After failures the breaker opens: calls then fail at
 * once, without touching PostgreSQL, until {@code openWait} has passed and one trial call succeeds. The
 * sink's runner retries a failed batch with its own backoff, so an outage costs the mirror nothing but
 * lag; ingest and queries never wait for it. The breaker's state is exported as
 * {@code resilience4j_circuitbreaker_state{name, state}}.
 */
final class MirrorGuard {
    private static final Logger LOG = LoggerFactory.getLogger(MirrorGuard.class);
    static final Duration DEFAULT_OPEN_WAIT = Duration.ofSeconds(10);

    private final CircuitBreaker breaker;
    private final Retry retry;

    MirrorGuard(String name, Duration openWait, MeterRegistry registry) {
        this(name, openWait, registry, 3);
    }

    /**
     * {@code attempts}: tries per {@link #call} (1: no retry, for reads, which fail fast while their
     * caller waits). Each guard has a breaker of its own, named {@code name} in the metrics.
     */
    MirrorGuard(String name, Duration openWait, MeterRegistry registry, int attempts) {
        CircuitBreakerRegistry breakers = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(4)
                .minimumNumberOfCalls(2)
                .failureRateThreshold(50)
                .waitDurationInOpenState(openWait)
                .permittedNumberOfCallsInHalfOpenState(1)
                .build());
        this.breaker = breakers.circuitBreaker(name);
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(breakers).bindTo(registry);
        this.retry = Retry.of(name, RetryConfig.custom()
                .maxAttempts(attempts)
                .intervalFunction(IntervalFunction.ofExponentialBackoff(Duration.ofMillis(200), 2))
                .ignoreExceptions(CallNotPermittedException.class)
                .build());
        retry.getEventPublisher().onRetry(e -> LOG.warn("PostgreSQL mirror: attempt {} failed ({}); retrying in {} ms",
                e.getNumberOfRetryAttempts(), String.valueOf(e.getLastThrowable()), e.getWaitInterval().toMillis()));
        breaker.getEventPublisher().onStateTransition(e -> LOG.warn("PostgreSQL mirror: circuit breaker {}",
                e.getStateTransition()));
    }

    /** Runs {@code call} through the breaker, retried; throws the last failure. */
    <T> T call(Callable<T> call) throws Exception {
        return Retry.decorateCallable(retry, CircuitBreaker.decorateCallable(breaker, call)).call();
    }

    CircuitBreaker.State state() {
        return breaker.getState();
    }
}
