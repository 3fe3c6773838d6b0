package io.jobsuite.worker.run;

import java.util.List;

import io.jobsuite.model.QueueKind;

import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/**
 * The handler threads of each queue. They stop after the listener containers, which stop
 * receiving first and wait for their in-flight batches: a pool that stopped taking tasks
 * earlier would leave a running batch waiting for handlers that never start.
 */
public final class HandlerExecutors implements SmartLifecycle {

	private final ThreadPoolTaskExecutor express;

	private final ThreadPoolTaskExecutor standard;

	private final ThreadPoolTaskExecutor fifo;

	private volatile boolean running;

	public HandlerExecutors(ThreadPoolTaskExecutor express, ThreadPoolTaskExecutor standard,
			ThreadPoolTaskExecutor fifo) {
		this.express = express;
		this.standard = standard;
		this.fifo = fifo;
	}

	public ThreadPoolTaskExecutor of(QueueKind queue) {
		return switch (queue) {
			case EXPRESS -> express;
			case STANDARD -> standard;
			case FIFO -> fifo;
		};
	}

	@Override
	public void start() {
		running = true;
	}

	@Override
	public void stop() {
		// Each waits for its running handlers, up to its await-termination time.
		List.of(express, standard, fifo).forEach(ThreadPoolTaskExecutor::shutdown);
		running = false;
	}

	@Override
	public boolean isRunning() {
		return running;
	}

	/**
	 * Below the listener container registry's phase (Integer.MAX_VALUE): stopped after
	 * it.
	 */
	@Override
	public int getPhase() {
		return 0;
	}

}
