package io.jobsuite.model;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class JobIdsTest {

	@Test
	void idsFromOneGeneratorStrictlyIncreaseEvenWithinOneMillisecondAsTextToo() {
		JobIds ids = new JobIds(Clock.fixed(Instant.parse("2026-11-22T12:00:00Z"), ZoneOffset.UTC));
		List<UUID> generated = new ArrayList<>();
		for (int i = 0; i < 10_000; i++) {
			generated.add(ids.next());
		}
		for (int i = 1; i < generated.size(); i++) {
			assertThat(generated.get(i).toString()).isGreaterThan(generated.get(i - 1).toString());
		}
		assertThat(generated).allSatisfy(id -> {
			assertThat(id.version()).isEqualTo(7);
			assertThat(id.variant()).isEqualTo(2);
		});
	}

	@Test
	void theIdCarriesItsMillisecond() {
		Instant now = Instant.parse("2026-11-22T12:00:00.123Z");
		UUID id = new JobIds(Clock.fixed(now, ZoneOffset.UTC)).next();

		assertThat(id.getMostSignificantBits() >>> 16).isEqualTo(now.toEpochMilli());
	}

}
