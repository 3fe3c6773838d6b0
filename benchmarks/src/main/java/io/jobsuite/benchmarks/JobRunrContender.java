package io.jobsuite.benchmarks;

import java.time.Duration;
import java.util.stream.IntStream;

import com.zaxxer.hikari.HikariDataSource;
import org.jobrunr.configuration.JobRunr;
import org.jobrunr.scheduling.JobScheduler;
import org.jobrunr.server.BackgroundJobServerConfiguration;
import org.jobrunr.storage.sql.mariadb.MariaDbStorageProvider;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * JobRunr with its MariaDB storage provider, 8 workers and its smallest SQL poll interval
 * (5 s: JobRunr refuses less), jobs enqueued as a stream (its batch API).
 */
final class JobRunrContender implements Contender {

	static final Duration POLL_INTERVAL = Duration.ofSeconds(5);

	static final int WORKERS = 8;

	private final HikariDataSource pool;

	private final JdbcTemplate jdbc;

	private final JobScheduler scheduler;

	JobRunrContender(World world) {
		this.pool = world.pool("bench-jobrunr");
		this.jdbc = new JdbcTemplate(pool);
		this.scheduler = JobRunr.configure()
			.useStorageProvider(new MariaDbStorageProvider(pool))
			.useBackgroundJobServer(BackgroundJobServerConfiguration.usingStandardBackgroundJobServerConfiguration()
				.andWorkerCount(WORKERS)
				.andPollInterval(POLL_INTERVAL))
			.initialize()
			.getJobScheduler();
	}

	@Override
	public String name() {
		return "JobRunr";
	}

	@Override
	public void reset() {
		jdbc.execute("DELETE FROM jobrunr_jobs");
	}

	@Override
	public void submit(int jobs) {
		scheduler.enqueue(IntStream.range(0, jobs).boxed(), i -> NoopJobs.run(i));
	}

	@Override
	public long succeeded() {
		return jdbc.queryForObject("SELECT COUNT(*) FROM jobrunr_jobs WHERE state = 'SUCCEEDED'", Long.class);
	}

	@Override
	public void close() {
		JobRunr.destroy();
		pool.close();
	}

}
