package io.jobsuite.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.jobsuite.model.QueueKind;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The scan race: {@code clients} due clients and {@code schedulers} scheduler JVMs (each
 * the real scheduler context, heap capped at {@code schedulerHeap}) told to scan at the
 * same moment. The clock runs from GO until the last scheduler reports its scan done,
 * when every sync job is committed and its message sent; then the database and the queue
 * are checked for duplicates.
 */
final class ScanBench {

	private static final int INSERT_CHUNK = 10_000;

	/**
	 * One run.
	 *
	 * @param seconds GO to the last scheduler done
	 * @param jobs sync jobs in the database afterwards
	 * @param duplicateJobs jobs beyond one per client
	 * @param unsent jobs whose message was not confirmed sent
	 * @param messages messages on the standard queue afterwards
	 * @param peakHeapBytes the largest peak heap (sum of heap pool peaks) of the
	 * schedulers
	 * @param perScheduler due clients each scheduler took
	 */
	record Run(double seconds, long jobs, long duplicateJobs, long unsent, long messages, long peakHeapBytes,
			List<Long> perScheduler) {
	}

	private final World world;

	private final BenchSettings settings;

	ScanBench(World world, BenchSettings settings) {
		this.world = world;
		this.settings = settings;
	}

	/** Inserts the clients once (not timed). */
	void insertClients() {
		JdbcTemplate jdbc = world.jdbc();
		jdbc.execute("DELETE FROM clients");
		for (int start = 0; start < settings.clients(); start += INSERT_CHUNK) {
			List<Object[]> rows = new ArrayList<>(INSERT_CHUNK);
			for (long id = start + 1; id <= Math.min(settings.clients(), start + INSERT_CHUNK); id++) {
				rows.add(new Object[] { id, "client-" + id, "owner-" + id % 1000, "http://127.0.0.1:9/clients/" + id });
			}
			jdbc.batchUpdate("""
					INSERT INTO clients (id, name, owner, source_url, sync_interval_minutes, next_due_at)
					VALUES (?, ?, ?, ?, 60, UTC_TIMESTAMP(3) - INTERVAL 1 MINUTE)
					""", rows);
		}
	}

	Run run() throws IOException, InterruptedException {
		JdbcTemplate jdbc = world.jdbc();
		world.truncateJobs();
		jdbc.update("UPDATE clients SET next_due_at = UTC_TIMESTAMP(3) - INTERVAL 1 MINUTE");
		String queueUrl = world.env().queueUrl(QueueKind.STANDARD);
		world.env().sqs().purgeQueue(r -> r.queueUrl(queueUrl));
		List<Process> schedulers = new ArrayList<>();
		List<BufferedReader> outputs = new ArrayList<>();
		for (int i = 0; i < settings.schedulers(); i++) {
			Process process = start(i);
			schedulers.add(process);
			outputs.add(new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)));
		}
		try {
			for (BufferedReader output : outputs) {
				awaitLine(output, ScanProcess.READY);
			}
			long start = System.nanoTime();
			for (Process process : schedulers) {
				Writer in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
				in.write(ScanProcess.GO + "\n");
				in.flush();
			}
			List<Long> taken = new ArrayList<>();
			long peakHeap = 0;
			for (BufferedReader output : outputs) {
				String[] result = awaitLine(output, ScanProcess.RESULT).substring(ScanProcess.RESULT.length())
					.split(" ");
				taken.add(Long.parseLong(result[0]));
				peakHeap = Math.max(peakHeap, Long.parseLong(result[4]));
			}
			double seconds = (System.nanoTime() - start) / 1e9;
			String since = world.runsSince();
			long jobs = jdbc.queryForObject("SELECT COUNT(*) FROM jobs WHERE created_at >= ?", Long.class, since);
			long duplicates = jobs - jdbc
				.queryForObject("SELECT COUNT(DISTINCT client_id) FROM jobs WHERE created_at >= ?", Long.class, since);
			long unsent = jdbc.queryForObject("SELECT COUNT(*) FROM jobs WHERE sent_at IS NULL AND created_at >= ?",
					Long.class, since);
			return new Run(seconds, jobs, duplicates, unsent, world.env().messagesOn(queueUrl), peakHeap, taken);
		}
		finally {
			for (Process process : schedulers) {
				process.destroy();
				process.waitFor(30, TimeUnit.SECONDS);
			}
		}
	}

	private Process start(int index) throws IOException {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.add("-Xmx" + settings.schedulerHeap());
		if (!settings.childJvmArgs().isBlank()) {
			command
				.addAll(List.of(settings.childJvmArgs().replace("{i}", Integer.toString(index)).trim().split("\\s+")));
		}
		command.addAll(List.of("-cp", System.getProperty("java.class.path"), ScanProcess.class.getName()));
		command.addAll(world.serviceArguments());
		return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
	}

	private static String awaitLine(BufferedReader output, String prefix) throws IOException {
		String line;
		while ((line = output.readLine()) != null) {
			if (line.startsWith(prefix)) {
				return line;
			}
		}
		throw new IllegalStateException("A scheduler ended without saying " + prefix.trim());
	}

}
