package io.jobsuite.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * The ceiling the queue alone allows: the same number of messages sent in batches of ten
 * and received ten at a time by four consumers (the worker's standard-queue polls), each
 * batch deleted in one call. No database.
 */
final class RawQueueContender implements Contender {

	static final int CONSUMERS = 4;

	/**
	 * Send batches in flight at once: the dispatcher sends a chunk's batches in parallel
	 * too.
	 */
	private static final int SENDS_IN_FLIGHT = 16;

	private static final String BODY = "{\"v\":1,\"id\":\"00000000-0000-7000-8000-000000000000\",\"type\":\"noop\"}";

	private final SqsAsyncClient sqs;

	private final String queueUrl;

	private final ExecutorService consumers = Executors.newFixedThreadPool(CONSUMERS);

	private final AtomicLong deleted = new AtomicLong();

	private volatile boolean running = true;

	private long deletedBefore;

	RawQueueContender(World world) {
		this.sqs = world.sqs();
		this.queueUrl = sqs.createQueue(r -> r.queueName(world.env().queues().standard() + "-raw")).join().queueUrl();
		for (int i = 0; i < CONSUMERS; i++) {
			consumers.execute(this::consume);
		}
	}

	@Override
	public String name() {
		return "raw ElasticMQ";
	}

	@Override
	public void reset() {
		deletedBefore = deleted.get();
	}

	@Override
	public void submit(int jobs) throws InterruptedException {
		Semaphore inFlight = new Semaphore(SENDS_IN_FLIGHT);
		List<CompletableFuture<?>> sends = new ArrayList<>();
		for (int start = 0; start < jobs; start += 10) {
			List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
			for (int i = 0; i < Math.min(10, jobs - start); i++) {
				entries.add(SendMessageBatchRequestEntry.builder().id(Integer.toString(i)).messageBody(BODY).build());
			}
			inFlight.acquire();
			sends.add(sqs.sendMessageBatch(r -> r.queueUrl(queueUrl).entries(entries))
				.whenComplete((response, error) -> inFlight.release()));
		}
		CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).join();
	}

	private void consume() {
		while (running) {
			try {
				List<Message> messages = sqs
					.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1))
					.join()
					.messages();
				if (messages.isEmpty()) {
					continue;
				}
				List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>();
				for (int i = 0; i < messages.size(); i++) {
					entries.add(DeleteMessageBatchRequestEntry.builder()
						.id(Integer.toString(i))
						.receiptHandle(messages.get(i).receiptHandle())
						.build());
				}
				int ok = sqs.deleteMessageBatch(r -> r.queueUrl(queueUrl).entries(entries)).join().successful().size();
				deleted.addAndGet(ok);
			}
			catch (RuntimeException ex) {
				if (running) {
					throw ex;
				}
			}
		}
	}

	@Override
	public long succeeded() {
		return deleted.get() - deletedBefore;
	}

	@Override
	public void close() {
		running = false;
		consumers.shutdown();
	}

}
