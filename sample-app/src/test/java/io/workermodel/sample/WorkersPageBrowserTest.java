package io.workermodel.sample;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The workers page in a real headless Chromium: it lists the workers live, and its buttons restart
 * and scale them. Uses Debian's chromium and chromedriver (.ci/run installs them), so nothing is
 * downloaded at run time.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
		"management.endpoint.workers.access=unrestricted", "worker.workers=3", "server.shutdown=immediate" })
class WorkersPageBrowserTest {

	private static final File CHROMEDRIVER = new File("/usr/bin/chromedriver");

	private static final String CHROMIUM = "/usr/bin/chromium";

	@LocalServerPort
	private int port;

	private WebDriver browser;

	private Path profile;

	@BeforeEach
	void openBrowser() throws IOException {
		assumeTrue(CHROMEDRIVER.canExecute(), "needs Debian's chromium and chromium-driver, as .ci/run installs");
		this.profile = Files.createTempDirectory("chromium-profile");
		ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM)
			.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
					"--disable-background-networking", "--disable-component-update", "--disable-sync",
					"--no-first-run", "--window-size=1100,520", "--user-data-dir=" + this.profile);
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER)
			.usingAnyFreePort()
			.build();
		this.browser = new ChromeDriver(service, options);
	}

	@AfterEach
	void closeBrowser() {
		if (this.browser != null) {
			this.browser.quit();
		}
	}

	@Test
	void showsTheWorkersLiveAndRestartsAndScalesThem() throws IOException {
		// The page redraws its rows every second: read and click afresh until it holds.
		WebDriverWait wait = new WebDriverWait(this.browser, Duration.ofSeconds(30));
		wait.ignoring(StaleElementReferenceException.class);
		this.browser.get("http://localhost:" + this.port + "/");

		wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#workers tbody tr"), 3));
		wait.until(ExpectedConditions.textToBe(By.id("class"), "(gthread)"));
		wait.until(ExpectedConditions.textToBe(cellOf(2, "generation"), "1"));
		wait.until(ExpectedConditions.textToBe(cellOf(2, "state"), "SERVING"));

		wait.until((driver) -> {
			driver.findElement(By.cssSelector("button.restart[data-id='2']")).click();
			return true;
		});
		wait.until(ExpectedConditions.textToBe(cellOf(2, "generation"), "2"));

		this.browser.findElement(By.id("scale-up")).click();
		wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#workers tbody tr"), 4));
		wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("summary"), "4 workers"));
		assertThat(this.browser.findElement(By.id("error")).getText()).isEmpty();

		File screenshot = ((ChromeDriver) this.browser).getScreenshotAs(OutputType.FILE);
		Files.copy(screenshot.toPath(), Path.of("target", "workers-page.png"), StandardCopyOption.REPLACE_EXISTING);
	}

	private static By cellOf(int id, String column) {
		return By.cssSelector("#workers tbody tr[data-id='" + id + "'] ." + column);
	}

}
