package io.jobsuite.api.clients;

import java.time.LocalDateTime;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A client whose data is kept in sync from its source. */
@Entity
@Table(name = "clients")
public class Client {

	@Id
	private Long id;

	private String name;

	private String owner;

	private String sourceUrl;

	private int syncIntervalMinutes;

	private LocalDateTime nextDueAt;

	private LocalDateTime lastSyncedAt;

	@Column(columnDefinition = "char(36)")
	private String lastSyncJobId;

	protected Client() {
	}

	public Long getId() {
		return id;
	}

	public String getName() {
		return name;
	}

	public String getOwner() {
		return owner;
	}

	public String getSourceUrl() {
		return sourceUrl;
	}

	public int getSyncIntervalMinutes() {
		return syncIntervalMinutes;
	}

	public LocalDateTime getNextDueAt() {
		return nextDueAt;
	}

	public LocalDateTime getLastSyncedAt() {
		return lastSyncedAt;
	}

	public String getLastSyncJobId() {
		return lastSyncJobId;
	}

}
