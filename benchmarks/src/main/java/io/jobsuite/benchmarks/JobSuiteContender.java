package io.jobsuite.benchmarks;

import java.util.ArrayList;
import java.util.List;

import com.zaxxer.hikari.HikariDataSource;
import io.jobsuite.model.JobTypes;
import io.jobsuite.model.NewJob;
import io.jobsuite.model.dispatch.JobDispatcher;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * This suite on its real path: rows committed and messages sent by {@link JobDispatcher},
 * the real worker context claiming, running, recording the attempt and marking each job
 * SUCCEEDED.
 */
final class JobSuiteContender implements Contender {

	/** Jobs per dispatch call: the scheduler's page size. */
	static final int DISPATCH_CHUNK = 1000;

	private final World world;

	private final HikariDataSource pool;

	private final JobDispatcher dispatcher;

	private final ConfigurableApplicationContext worker;

	JobSuiteContender(World world) {
		this.world = world;
		this.pool = world.pool("bench-dispatch");
		this.dispatcher = world.dispatcher(pool);
		this.worker = Services.worker(world.serviceArguments());
	}

	@Override
	public String name() {
		return "jobsuite";
	}

	@Override
	public void reset() {
		world.truncateJobs();
	}

	@Override
	public void submit(int jobs) {
		dispatchNoops(dispatcher, jobs);
	}

	static void dispatchNoops(JobDispatcher dispatcher, int jobs) {
		for (int start = 0; start < jobs; start += DISPATCH_CHUNK) {
			int size = Math.min(DISPATCH_CHUNK, jobs - start);
			List<NewJob> chunk = new ArrayList<>(size);
			for (int i = 0; i < size; i++) {
				chunk.add(NewJob.of(JobTypes.NOOP, "{}"));
			}
			dispatcher.dispatchAll(chunk);
		}
	}

	@Override
	public long succeeded() {
		return world.succeeded();
	}

	@Override
	public void close() {
		worker.close();
		pool.close();
	}

}
