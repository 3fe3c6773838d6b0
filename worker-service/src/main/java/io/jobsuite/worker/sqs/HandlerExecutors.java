package io.jobsuite.worker.sqs;

import java.util.List;

import io.jobsuite.model.QueueKind;

import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/** The handler threads of each queue; they stop after the listener containers (see ListenerContainers). */
final class HandlerExecutors implements SmartLifecycle {

	private final ThreadPoolTaskExecutor express;

	private final ThreadPoolTaskExecutor standard;

	private final ThreadPoolTaskExecutor fifo;

	private volatile boolean running;

	HandlerExecutors(ThreadPoolTaskExecutor express, ThreadPoolTaskExecutor standard, ThreadPoolTaskExecutor fifo) {
		this.express = express;
		this.standard = standard;
		this.fifo = fifo;
	}

	ThreadPoolTaskExecutor of(QueueKind queue) {
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

	@Override
	public int getPhase() {
		return express.getPhase();
	}

}
