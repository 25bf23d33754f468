package dev.jprof.render.html;

import dev.jprof.fixture.ProfileFixture;
import dev.jprof.model.FrameKind;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FrameCategoryTest {
    @Test
    void theMainClassPackageIsTheApplication() {
        FrameCategory.Classifier classifier = new FrameCategory.Classifier(ProfileFixture.samples()
                .attribute("target", "java -cp app.jar com.shop.web.Main --port 8080").sample("a.B.c", 1).build());
        assertThat(classifier.of(FrameKind.COMPILED, "com.shop.api.OrderController")).isEqualTo(FrameCategory.APP);
        assertThat(classifier.of(FrameKind.COMPILED, "com.other.Thing")).isEqualTo(FrameCategory.LIBRARY);
        assertThat(classifier.of(FrameKind.INTERPRETED, "java.util.HashMap")).isEqualTo(FrameCategory.JDK);
        assertThat(classifier.of(FrameKind.INLINED, "com.shop.api.OrderController")).isEqualTo(FrameCategory.INLINED);
        assertThat(classifier.of(FrameKind.NATIVE, "")).isEqualTo(FrameCategory.NATIVE);
        assertThat(classifier.of(FrameKind.COMPILED, "")).isEqualTo(FrameCategory.NATIVE);
        assertThat(classifier.of(FrameKind.KERNEL, "")).isEqualTo(FrameCategory.KERNEL);
        assertThat(classifier.of(FrameKind.SYNTHETIC, "")).isEqualTo(FrameCategory.SYNTHETIC);
        assertThat(classifier.of(FrameKind.ALLOCATION, "")).isEqualTo(FrameCategory.ALLOCATED);
        assertThat(classifier.of(FrameKind.LOCK, "")).isEqualTo(FrameCategory.LOCK);
    }

    @Test
    void withoutAMainClassWellKnownLibrariesAreLibraries() {
        FrameCategory.Classifier classifier = new FrameCategory.Classifier(ProfileFixture.samples()
                .attribute("target", "pid 4242").sample("a.B.c", 1).build());
        assertThat(classifier.of(FrameKind.COMPILED, "org.springframework.web.servlet.DispatcherServlet")).isEqualTo(FrameCategory.LIBRARY);
        assertThat(classifier.of(FrameKind.COMPILED, "com.shop.api.OrderController")).isEqualTo(FrameCategory.APP);
        assertThat(classifier.of(FrameKind.COMPILED, "jdk.internal.misc.Unsafe")).isEqualTo(FrameCategory.JDK);
    }
}
