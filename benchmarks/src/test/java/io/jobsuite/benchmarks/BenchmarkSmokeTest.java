package io.jobsuite.benchmarks;

import java.nio.file.Path;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole benchmark at a tiny size, in the default test run, so that the harness cannot
 * rot: every contender finishes its jobs, Sync Now requests meet a backlog, and the scan
 * leaves one job per client.
 */
class BenchmarkSmokeTest {

	@Test
	void everyFigureIsMeasuredAndTheScanLeavesOneSentJobPerClient(@TempDir Path output) throws Exception {
		Path results = output.resolve("results.json");
		BenchSettings tiny = new BenchSettings(200, 0, 1, 400, 3, 2_000, 2, "256m", "",
				Set.of("throughput", "latency", "scan", "delayed"),
				Set.of("jobsuite", "jobrunr", "db-scheduler", "raw"), results, 40, false, 0);

		BenchmarkMain.run(tiny);

		JsonNode json = JsonMapper.builder().build().readTree(results.toFile());
		for (String contender : new String[] { "jobsuite", "JobRunr", "db-scheduler", "raw ElasticMQ" }) {
			assertThat(json.at("/throughput/" + contender + "/jobsPerSecond/median").asDouble()).as(contender)
				.isPositive();
		}
		assertThat(json.at("/syncNow/accept -> start/p99/median").isNumber()).isTrue();
		assertThat(json.at("/scan/duplicateJobs").asLong()).isZero();
		assertThat(json.at("/scan/unsentJobs").asLong()).isZero();
		assertThat(json.at("/scan/runs/0/jobs").asLong()).isEqualTo(2_000);
		assertThat(json.at("/delayed/all/p99/median").isNumber()).isTrue();
		assertThat(json.at("/delayed/dueLaterSentOrStartedEarly").asLong()).isZero();
		assertThat(json.at("/delayed/extraStarts").asLong()).isZero();
	}

	@Test
	void aTinySoakMeasuresTheFiguresTwiceAndPurgesTheDueHistory(@TempDir Path output) throws Exception {
		Path results = output.resolve("soak.json");
		// The scan is the race's test's to keep: the soak runs the same ScanBench.
		BenchSettings tiny = new BenchSettings(200, 0, 1, 400, 3, 2_000, 2, "256m", "", Set.of("throughput", "latency"),
				Set.of("jobsuite"), results, 0, true, 4_000);

		BenchmarkMain.run(tiny);

		JsonNode soak = JsonMapper.builder().build().readTree(results.toFile()).get("soak");
		assertThat(soak.at("/historyJobs").asLong()).isEqualTo(4_000);
		assertThat(soak.at("/tableSizes/afterPreload/jobs/rows").asLong()).isEqualTo(4_000);
		for (String figure : new String[] { "throughput, no-op jobs/s", "Sync Now accept -> start p99, ms",
				"admin overview page p99, ms", "admin search API p99, ms" }) {
			assertThat(soak.at("/figures/" + figure.replace("/", "~1") + "/historyDividedByEmpty").asDouble())
				.as(figure)
				.isPositive();
		}
		// About an eighth of the history is past its retention; the purge deletes each
		// such
		// job with its attempt, and nothing else.
		long due = soak.at("/purge/due").asLong();
		assertThat(due).isBetween(400L, 600L);
		assertThat(soak.at("/purge/jobs").asLong()).isEqualTo(due);
		assertThat(soak.at("/purge/attempts").asLong()).isEqualTo(due);
		// The scheduler beside the history phase purges the jobs that come due meanwhile:
		// one every three minutes at this size.
		assertThat(soak.at("/tableSizes/atTheEnd/jobs/rows").asLong()).isBetween(4_000 - due - 3, 4_000 - due);
		assertThat(soak.at("/purge/workerPurging").asDouble()).isPositive();
	}

}
