package io.jobsuite.model.queue;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.jobsuite.model.QueueKind;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

/**
 * Resolves queue names to URLs once; a configured value that already is a URL is used as
 * is.
 */
public class QueueUrls {

	private final SqsAsyncClient sqs;

	private final JobQueuesProperties queues;

	private final Map<String, String> urls = new ConcurrentHashMap<>();

	public QueueUrls(SqsAsyncClient sqs, JobQueuesProperties queues) {
		this.sqs = sqs;
		this.queues = queues;
	}

	public String of(QueueKind kind) {
		return resolve(queues.nameOf(kind));
	}

	public String deadLetterOf(QueueKind kind) {
		return resolve(queues.deadLetterNameOf(kind));
	}

	public String resolve(String nameOrUrl) {
		if (nameOrUrl.startsWith("http://") || nameOrUrl.startsWith("https://")) {
			return nameOrUrl;
		}
		return urls.computeIfAbsent(nameOrUrl, name -> sqs.getQueueUrl(r -> r.queueName(name)).join().queueUrl());
	}

}
