package io.jobsuite.api.jobs;

import java.math.BigDecimal;
import java.time.LocalDateTime;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.Immutable;

/**
 * A job row as the API reads it. Read-only: every status change goes through the
 * dispatcher, the worker's fenced writes or {@code JobRetries}, each a conditional
 * UPDATE.
 */
@Entity
@Immutable
@Table(name = "jobs")
public class Job {

	@Id
	@Column(columnDefinition = "char(36)")
	private String id;

	private String type;

	private String queue;

	private String status;

	@Column(columnDefinition = "mediumtext")
	private String payload;

	private Long clientId;

	private String uniqueKey;

	private String overlapKey;

	private String messageGroup;

	private int attempts;

	private int maxAttempts;

	private String traceId;

	private LocalDateTime notBefore;

	private LocalDateTime createdAt;

	private LocalDateTime sentAt;

	private LocalDateTime startedAt;

	private LocalDateTime finishedAt;

	@Column(columnDefinition = "mediumtext")
	private String result;

	@Column(columnDefinition = "text")
	private String lastError;

	@Column(columnDefinition = "decimal(5,4)")
	private BigDecimal progress;

	private String progressMessage;

	private LocalDateTime progressAt;

	private LocalDateTime cancelRequestedAt;

	protected Job() {
	}

	public String getId() {
		return id;
	}

	public String getType() {
		return type;
	}

	public String getQueue() {
		return queue;
	}

	public String getStatus() {
		return status;
	}

	public String getPayload() {
		return payload;
	}

	public Long getClientId() {
		return clientId;
	}

	public String getUniqueKey() {
		return uniqueKey;
	}

	public String getOverlapKey() {
		return overlapKey;
	}

	public String getMessageGroup() {
		return messageGroup;
	}

	public int getAttempts() {
		return attempts;
	}

	public int getMaxAttempts() {
		return maxAttempts;
	}

	public String getTraceId() {
		return traceId;
	}

	public LocalDateTime getNotBefore() {
		return notBefore;
	}

	public LocalDateTime getCreatedAt() {
		return createdAt;
	}

	public LocalDateTime getSentAt() {
		return sentAt;
	}

	public LocalDateTime getStartedAt() {
		return startedAt;
	}

	public LocalDateTime getFinishedAt() {
		return finishedAt;
	}

	public String getResult() {
		return result;
	}

	public String getLastError() {
		return lastError;
	}

	/**
	 * How much of the current (or last) attempt is done, from 0 to 1; null before its
	 * first report.
	 */
	public BigDecimal getProgress() {
		return progress;
	}

	public String getProgressMessage() {
		return progressMessage;
	}

	public LocalDateTime getProgressAt() {
		return progressAt;
	}

	/** When a cancel of the job was requested while it ran; null if none was. */
	public LocalDateTime getCancelRequestedAt() {
		return cancelRequestedAt;
	}

}
