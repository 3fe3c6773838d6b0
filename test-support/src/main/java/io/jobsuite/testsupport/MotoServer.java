package io.jobsuite.testsupport;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;

import static org.awaitility.Awaitility.await;

/** A moto_server child process on a free loopback port, stopped by its PID. */
public final class MotoServer implements AutoCloseable {

	private final Process process;

	private final int port;

	private MotoServer(Process process, int port) {
		this.process = process;
		this.port = port;
	}

	/** The moto_server executable on the PATH, if any. */
	public static Optional<Path> executable() {
		String path = System.getenv().getOrDefault("PATH", "");
		return Arrays.stream(path.split(File.pathSeparator))
			.map(dir -> Path.of(dir, "moto_server"))
			.filter(Files::isExecutable)
			.findFirst();
	}

	public static MotoServer start(Path executable, Path log) throws IOException {
		int port = freePort();
		Process process = new ProcessBuilder(executable.toString(), "-H", "127.0.0.1", "-p", String.valueOf(port))
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		MotoServer server = new MotoServer(process, port);
		try {
			await().atMost(Duration.ofSeconds(30))
				.pollInterval(Duration.ofMillis(100))
				.until(() -> !process.isAlive() || accepts(port));
		}
		catch (RuntimeException ex) {
			server.close();
			throw ex;
		}
		if (!process.isAlive()) {
			throw new IllegalStateException("moto_server exited at start, see " + log);
		}
		return server;
	}

	public URI endpoint() {
		return URI.create("http://127.0.0.1:" + port);
	}

	@Override
	public void close() {
		ProcessHandle.of(process.pid()).ifPresent(ProcessHandle::destroy);
		try {
			if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
				ProcessHandle.of(process.pid()).ifPresent(ProcessHandle::destroyForcibly);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static boolean accepts(int port) {
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

}
