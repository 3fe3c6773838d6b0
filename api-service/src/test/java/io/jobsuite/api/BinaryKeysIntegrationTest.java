package io.jobsuite.api;

import java.util.List;

import io.jobsuite.model.JobTypes;
import io.jobsuite.model.NewJob;
import io.jobsuite.model.dispatch.Dispatched;
import io.jobsuite.testsupport.JobSuiteEnvironment;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Owners and keys compare byte for byte (migration V5): case and accents tell them apart,
 * and their unique indexes still hold.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
// Its own database: no other class can share the context, whose connections would count
// towards the server's limit until the JVM ends.
@DirtiesContext
class BinaryKeysIntegrationTest {

	static final JobSuiteEnvironment env = JobSuiteEnvironment.create();

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		env.register(registry);
	}

	@Test
	void anOwnerWhoseNameDiffersByAnAccentOrCaseSeesNoneOfAnothersClients() throws Exception {
		List<Long> alices = env.insertDueClients(2, "alice", null);
		env.insertDueClients(1, "alíce", null);
		env.insertDueClients(1, "Alice", null);

		assertThat(env.jdbc().queryForList("SELECT id FROM clients WHERE owner = ?", Long.class, "alice"))
			.containsExactlyInAnyOrderElementsOf(alices);
		assertThat(env.jdbc().queryForObject("SELECT COUNT(*) FROM clients WHERE owner = ?", Integer.class, "alíce"))
			.isEqualTo(1);
		var listed = ApiCalls.json(new ApiCalls(port).get("alice", "/api/clients?size=200")).get("content");
		assertThat(listed.valueStream().map(client -> client.get("owner").asString())).containsOnly("alice");
	}

	@Test
	void uniqueKeysThatDifferByCaseOrAccentAreDifferentKeysAndEachStillUnique() {
		Dispatched lower = env.dispatcher().dispatch(NewJob.of(JobTypes.NOOP, "{}").uniqueBy("report-e"));
		Dispatched upper = env.dispatcher().dispatch(NewJob.of(JobTypes.NOOP, "{}").uniqueBy("REPORT-E"));
		Dispatched accented = env.dispatcher().dispatch(NewJob.of(JobTypes.NOOP, "{}").uniqueBy("report-é"));
		Dispatched again = env.dispatcher().dispatch(NewJob.of(JobTypes.NOOP, "{}").uniqueBy("report-e"));

		assertThat(List.of(lower, upper, accented)).allMatch(Dispatched::created);
		assertThat(List.of(lower.jobId(), upper.jobId(), accented.jobId())).doesNotHaveDuplicates();
		assertThat(again.created()).isFalse();
		assertThat(again.jobId()).isEqualTo(lower.jobId());
	}

	@Test
	void overlapLocksThatDifferByCaseAreDifferentLocksAndEachHasOneOwner() {
		String insert = "INSERT INTO job_locks (lock_key, owner_job_id, owner, release_after) "
				+ "VALUES (?, UUID(), 'w1', UTC_TIMESTAMP(3))";
		env.jdbc().update(insert, "sync-A");
		env.jdbc().update(insert, "sync-a");
		env.jdbc().update(insert, "sync-á");

		assertThatThrownBy(() -> env.jdbc().update(insert, "sync-a")).isInstanceOf(DuplicateKeyException.class);
		assertThat(
				env.jdbc().queryForObject("SELECT COUNT(*) FROM job_locks WHERE lock_key LIKE 'sync-%'", Integer.class))
			.isEqualTo(3);
	}

}
