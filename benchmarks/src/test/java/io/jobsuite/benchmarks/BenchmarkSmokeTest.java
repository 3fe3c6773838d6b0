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
				Set.of("jobsuite", "jobrunr", "db-scheduler", "raw"), results, 40);

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

}
