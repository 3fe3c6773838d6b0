package io.jobsuite.api.freshness;

import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

/**
 * Whether every client is fresh, polled on a schedule (a scrape, a CloudWatch step or an
 * admin page never queries) and published as gauges:
 * {@code jobs.clients.overdue{factor=1x|2x}} (clients whose last successful sync is older
 * than once or twice their interval), {@code jobs.clients.staleness{quantile=0.5|0.99}}
 * (time since the last successful sync), {@code jobs.backlog.drain.forecast} (how long
 * the waiting jobs take at the recent finish rate) and {@code jobs.backlog.drain.ratio}
 * (that forecast over the scan window, which infra's worker scaling acts on). NaN until
 * the first poll.
 */
@Component
public class Freshness implements SchedulingConfigurer {

	private static final Logger log = LoggerFactory.getLogger(Freshness.class);

	private final FreshnessReader reader;

	private final FreshnessProperties properties;

	private volatile FreshnessSnapshot latest;

	Freshness(FreshnessReader reader, FreshnessProperties properties, MeterRegistry meters) {
		this.reader = reader;
		this.properties = properties;
		gauge("jobs.clients.overdue", "Clients not synced successfully within their interval",
				FreshnessSnapshot::overdue)
			.tag("factor", "1x")
			.register(meters);
		gauge("jobs.clients.overdue", "Clients not synced successfully within their interval",
				FreshnessSnapshot::twiceOverdue)
			.tag("factor", "2x")
			.register(meters);
		staleness(meters, "0.5", FreshnessSnapshot::stalenessP50Seconds);
		staleness(meters, "0.99", FreshnessSnapshot::stalenessP99Seconds);
		TimeGauge
			.builder("jobs.backlog.drain.forecast", this, TimeUnit.SECONDS,
					freshness -> freshness.value(FreshnessSnapshot::drainSeconds))
			.description("How long the waiting jobs take to drain at the recent rate")
			.register(meters);
		gauge("jobs.backlog.drain.ratio", "The drain forecast over the scan window", FreshnessSnapshot::drainRatio)
			.register(meters);
	}

	/** The last poll's figures, if one succeeded. */
	public Optional<FreshnessSnapshot> latest() {
		return Optional.ofNullable(latest);
	}

	@Override
	public void configureTasks(ScheduledTaskRegistrar registrar) {
		registrar.addFixedDelayTask(this::pollQuietly, properties.pollInterval());
	}

	/** Reads the figures now. */
	public FreshnessSnapshot poll() {
		FreshnessSnapshot read = reader.read();
		latest = read;
		return read;
	}

	private void pollQuietly() {
		try {
			poll();
		}
		catch (RuntimeException ex) {
			// The database may be down: the gauges keep the last figures until it is
			// back.
			log.warn("Could not read client freshness: {}", ex.toString());
		}
	}

	private double value(ToDoubleFunction<FreshnessSnapshot> figure) {
		FreshnessSnapshot snapshot = latest;
		return snapshot == null ? Double.NaN : figure.applyAsDouble(snapshot);
	}

	private void staleness(MeterRegistry meters, String quantile, ToDoubleFunction<FreshnessSnapshot> figure) {
		TimeGauge.builder("jobs.clients.staleness", this, TimeUnit.SECONDS, freshness -> freshness.value(figure))
			.description("Time since a client's last successful sync")
			.tag("quantile", quantile)
			.register(meters);
	}

	private Gauge.Builder<Freshness> gauge(String name, String description,
			ToDoubleFunction<FreshnessSnapshot> figure) {
		return Gauge.builder(name, this, freshness -> freshness.value(figure)).description(description);
	}

}
