package io.jobsuite.worker.limit;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import io.jobsuite.testsupport.SettableClock;
import io.jobsuite.worker.handler.JobContext;
import io.jobsuite.worker.handler.JobMustWait;
import io.jobsuite.worker.limit.LimitsProperties.Upstream;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.HttpServerErrorException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

/**
 * What a handler's call under a host's limit does with the host's answers, the permit
 * store standing in for the database (its statements are proved in
 * {@link PermitStoreIntegrationTest}).
 */
class LimitsTest {

	final SettableClock clock = new SettableClock(Instant.parse("2026-12-07T20:00:00Z"));

	final PermitStore store = mock(PermitStore.class);

	final Limits limits = new Limits(store,
			new LimitsProperties(Map.of(), Duration.ofMinutes(1), Duration.ofSeconds(2),
					new Upstream(8, Map.of("unlimited.example", 0), 0.5, Duration.ofSeconds(2), Duration.ofSeconds(5),
							Duration.ofMinutes(10), Duration.ofMinutes(5))),
			clock, new SimpleMeterRegistry());

	final JobContext context = new JobContext(UUID.randomUUID(), "client-sync", 1, 7L, null, null, null, null,
			() -> false);

	final String holder = context.jobId() + ":1";

	@Test
	void aHostOrJobTypeWithoutALimitCostsNoStatement() {
		assertThat(limits.upstream(context, "unlimited.example", () -> "records")).isEqualTo("records");
		assertThat(limits.upstream(context, null, () -> "records")).isEqualTo("records");
		verifyNoInteractions(store);
	}

	@Test
	void a429HalvesTheLimitPausesTheHostAndMakesTheJobWaitUntilRetryAfter() {
		when(store.acquire(eq("upstream:busy.example"), eq(holder), any())).thenReturn(true);
		when(store.read("upstream:busy.example")).thenReturn(state(8));
		when(store.write(anyString(), any())).thenReturn(true);
		HttpHeaders headers = new HttpHeaders();
		headers.add(HttpHeaders.RETRY_AFTER, "30");

		assertThatThrownBy(() -> limits.upstream(context, "busy.example", () -> {
			throw HttpClientErrorException.create(HttpStatus.TOO_MANY_REQUESTS, "Too Many Requests", headers, null,
					null);
		})).isInstanceOfSatisfying(JobMustWait.class,
				wait -> assertThat(wait.retryIn()).isEqualTo(Duration.ofSeconds(30)));

		LimitState written = written("upstream:busy.example");
		assertThat(written.limit()).isEqualTo(4);
		assertThat(written.pausedUntil()).isEqualTo(clock.instant().plusSeconds(30));
		verify(store).release("upstream:busy.example", holder);
	}

	@Test
	void a503WithoutRetryAfterLowersTheLimitAndIsAFailedAttempt() {
		when(store.acquire(anyString(), anyString(), any())).thenReturn(true);
		when(store.read("upstream:down.example")).thenReturn(state(8));
		when(store.write(anyString(), any())).thenReturn(true);
		HttpServerErrorException unavailable = HttpServerErrorException.create(HttpStatus.SERVICE_UNAVAILABLE,
				"Service Unavailable", new HttpHeaders(), null, null);

		assertThatThrownBy(() -> limits.upstream(context, "down.example", () -> {
			throw unavailable;
		})).isSameAs(unavailable);

		LimitState written = written("upstream:down.example");
		assertThat(written.limit()).isEqualTo(4);
		assertThat(written.pausedUntil()).isNull();
	}

	@Test
	void noPermitMakesTheJobWaitWithoutCallingTheHost() {
		when(store.pausedFor("upstream:full.example")).thenReturn(Duration.ofSeconds(10));

		assertThatThrownBy(() -> limits.upstream(context, "full.example", () -> {
			throw new AssertionError("called without a permit");
		})).isInstanceOfSatisfying(JobMustWait.class,
				wait -> assertThat(wait.retryIn()).isBetween(Duration.ofSeconds(10), Duration.ofSeconds(11)));
		verify(store, never()).release(anyString(), anyString());
	}

	@Test
	void successesRaiseTheLimitInOneWriteASecond() {
		when(store.acquire(anyString(), anyString(), any())).thenReturn(true);
		when(store.read("upstream:ok.example")).thenReturn(state(2));
		when(store.write(anyString(), any())).thenReturn(true);
		for (int i = 0; i < 4; i++) {
			limits.upstream(context, "ok.example", () -> "records");
		}
		limits.flushSuccesses();

		assertThat(written("upstream:ok.example").limit()).isGreaterThan(3);
		limits.flushSuccesses();
		verify(store).write(eq("upstream:ok.example"), any());
	}

	LimitState state(double limit) {
		return new LimitState(limit, 8, null, null, 0, null, null, 3, clock.instant());
	}

	LimitState written(String key) {
		ArgumentCaptor<LimitState> captor = ArgumentCaptor.forClass(LimitState.class);
		verify(store).write(eq(key), captor.capture());
		return captor.getValue();
	}

}
