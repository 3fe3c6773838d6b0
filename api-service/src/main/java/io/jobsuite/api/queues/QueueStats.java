package io.jobsuite.api.queues;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

import io.jobsuite.model.QueueKind;
import io.jobsuite.model.Utc;
import io.jobsuite.model.queue.QueueUrls;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

/**
 * Queue depths as SQS reports them and the age of the oldest waiting job, per queue,
 * polled on a schedule (a scrape or a CloudWatch step never calls SQS) and published as
 * gauges: {@code jobs.queue.depth {queue,state=visible|in_flight|delayed}},
 * {@code jobs.dlq.depth{queue}} and {@code jobs.queue.oldest.age{queue}}.
 * <p>
 * SQS has no "age of the oldest message" attribute (CloudWatch's
 * ApproximateAgeOfOldestMessage is not readable through the SQS API), so the age is that
 * of the job that has been runnable longest without starting: the oldest
 * {@code not_before} among QUEUED and RETRYING rows whose time has come. The row is the
 * truth, so this also counts a job whose message is late, which is what ops want to see.
 */
@Component
public class QueueStats implements SchedulingConfigurer {

	private static final Logger log = LoggerFactory.getLogger(QueueStats.class);

	private final SqsAsyncClient sqs;

	private final QueueUrls queueUrls;

	private final JdbcTemplate jdbc;

	private final Clock clock;

	private final QueueStatsProperties properties;

	private final Map<QueueKind, QueueDepth> latest = new EnumMap<>(QueueKind.class);

	QueueStats(SqsAsyncClient sqs, QueueUrls queueUrls, JdbcTemplate jdbc, Clock clock, MeterRegistry meters,
			QueueStatsProperties properties) {
		this.sqs = sqs;
		this.queueUrls = queueUrls;
		this.jdbc = jdbc;
		this.clock = clock;
		this.properties = properties;
		for (QueueKind queue : QueueKind.values()) {
			latest.put(queue, QueueDepth.unknown(queue));
			String tag = queue.tag();
			gauge(meters, "jobs.queue.depth", "Messages on the queue", queue, QueueDepth::visible)
				.tags("queue", tag, "state", "visible")
				.register(meters);
			gauge(meters, "jobs.queue.depth", "Messages on the queue", queue, QueueDepth::inFlight)
				.tags("queue", tag, "state", "in_flight")
				.register(meters);
			gauge(meters, "jobs.queue.depth", "Messages on the queue", queue, QueueDepth::delayed)
				.tags("queue", tag, "state", "delayed")
				.register(meters);
			gauge(meters, "jobs.dlq.depth", "Messages on the queue's dead-letter queue", queue, QueueDepth::deadLetters)
				.tag("queue", tag)
				.register(meters);
			TimeGauge
				.builder("jobs.queue.oldest.age", this, TimeUnit.SECONDS,
						stats -> stats.latest(queue).oldestWaitingSeconds())
				.description("How long the oldest runnable job has waited to start")
				.tag("queue", tag)
				.register(meters);
		}
	}

	/** The last poll's numbers, one per queue. */
	public synchronized List<QueueDepth> latest() {
		return List.copyOf(latest.values());
	}

	@Override
	public void configureTasks(ScheduledTaskRegistrar registrar) {
		registrar.addFixedDelayTask(this::poll, properties.pollInterval());
	}

	/**
	 * Reads every queue's attributes and the oldest waiting jobs; a failure keeps the
	 * last numbers.
	 */
	public void poll() {
		Map<QueueKind, Double> oldest;
		try {
			oldest = oldestWaitingSeconds();
		}
		catch (RuntimeException ex) {
			log.warn("Could not read the oldest waiting jobs: {}", ex.toString());
			oldest = Map.of();
		}
		for (QueueKind queue : QueueKind.values()) {
			try {
				Map<QueueAttributeName, String> main = attributes(queueUrls.of(queue));
				Map<QueueAttributeName, String> dead = attributes(queueUrls.deadLetterOf(queue));
				QueueDepth depth = new QueueDepth(queue, count(main, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES),
						count(main, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE),
						count(main, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED),
						count(dead, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES), oldest.getOrDefault(queue, 0.0),
						clock.instant().truncatedTo(ChronoUnit.SECONDS));
				synchronized (this) {
					latest.put(queue, depth);
				}
			}
			catch (RuntimeException ex) {
				log.warn("Could not read the attributes of the {} queue: {}", queue, ex.toString());
			}
		}
	}

	private synchronized QueueDepth latest(QueueKind queue) {
		return latest.get(queue);
	}

	private Gauge.Builder<QueueStats> gauge(MeterRegistry meters, String name, String description, QueueKind queue,
			ToDoubleFunction<QueueDepth> value) {
		return Gauge.builder(name, this, stats -> value.applyAsDouble(stats.latest(queue))).description(description);
	}

	private Map<QueueAttributeName, String> attributes(String url) {
		return sqs
			.getQueueAttributes(r -> r.queueUrl(url)
				.attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
						QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
						QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED))
			.join()
			.attributes();
	}

	private Map<QueueKind, Double> oldestWaitingSeconds() {
		Instant now = clock.instant();
		Map<QueueKind, Double> ages = new EnumMap<>(QueueKind.class);
		jdbc.query("""
				SELECT queue, MIN(not_before) AS oldest FROM jobs
				WHERE status IN ('QUEUED', 'RETRYING') AND not_before <= ? GROUP BY queue
				""", rs -> {
			Instant oldest = Utc.instant(rs, "oldest");
			ages.put(QueueKind.valueOf(rs.getString("queue")),
					Math.max(0, Duration.between(oldest, now).toMillis() / 1000.0));
		}, Utc.column(now));
		return ages;
	}

	private static double count(Map<QueueAttributeName, String> attributes, QueueAttributeName name) {
		String value = attributes.get(name);
		return value == null ? Double.NaN : Double.parseDouble(value);
	}

}
