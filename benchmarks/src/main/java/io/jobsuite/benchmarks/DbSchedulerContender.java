package io.jobsuite.benchmarks;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.zaxxer.hikari.HikariDataSource;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * db-scheduler with 8 threads and 100 ms polling (its default polling strategy), jobs
 * scheduled with its batch API. A one-time task's row is deleted when it succeeds, so
 * succeeded = scheduled - rows left.
 */
final class DbSchedulerContender implements Contender {

	static final int THREADS = 8;

	static final Duration POLLING = Duration.ofMillis(100);

	/** The table from db-scheduler's README for MySQL/MariaDB. */
	private static final String TABLE = """
			CREATE TABLE IF NOT EXISTS scheduled_tasks (
			  task_name VARCHAR(100) NOT NULL,
			  task_instance VARCHAR(100) NOT NULL,
			  task_data BLOB,
			  execution_time TIMESTAMP(6) NOT NULL,
			  picked BOOLEAN NOT NULL,
			  picked_by VARCHAR(50),
			  last_success TIMESTAMP(6) NULL,
			  last_failure TIMESTAMP(6) NULL,
			  consecutive_failures INT,
			  last_heartbeat TIMESTAMP(6) NULL,
			  version BIGINT NOT NULL,
			  priority SMALLINT,
			  PRIMARY KEY (task_name, task_instance),
			  INDEX execution_time_idx (execution_time),
			  INDEX last_heartbeat_idx (last_heartbeat),
			  INDEX priority_execution_time_idx (priority DESC, execution_time ASC)
			)""";

	private final HikariDataSource pool;

	private final JdbcTemplate jdbc;

	private final OneTimeTask<Void> task = Tasks.oneTime("noop").execute((instance, context) -> {
	});

	private final Scheduler scheduler;

	private final AtomicLong scheduled = new AtomicLong();

	private int run;

	DbSchedulerContender(World world) {
		this.pool = world.pool("bench-db-scheduler");
		this.jdbc = new JdbcTemplate(pool);
		jdbc.execute(TABLE);
		this.scheduler = Scheduler.create(pool, task).threads(THREADS).pollingInterval(POLLING).build();
		scheduler.start();
	}

	@Override
	public String name() {
		return "db-scheduler";
	}

	@Override
	public void reset() {
		jdbc.execute("DELETE FROM scheduled_tasks");
		scheduled.set(0);
		run++;
	}

	@Override
	public void submit(int jobs) {
		Instant now = Instant.now();
		for (int start = 0; start < jobs; start += JobSuiteContender.DISPATCH_CHUNK) {
			int size = Math.min(JobSuiteContender.DISPATCH_CHUNK, jobs - start);
			List<TaskInstance<?>> batch = new ArrayList<>(size);
			for (int i = start; i < start + size; i++) {
				batch.add(task.instance(run + "-" + i));
			}
			scheduler.scheduleBatch(batch, now);
			scheduled.addAndGet(size);
		}
	}

	@Override
	public long succeeded() {
		return scheduled.get() - jdbc.queryForObject("SELECT COUNT(*) FROM scheduled_tasks", Long.class);
	}

	@Override
	public void close() {
		scheduler.stop();
		pool.close();
	}

}
