/**
 * TensorFlow's "Basic classification: Classify images of clothing" tutorial, ported line for line
 * to antorcha's Keras API (without the plots). Needs Fashion-MNIST locally:
 * `sudo apt-get install dataset-fashion-mnist` (or set ANTORCHA_DATA).
 *
 * Run: npx tsx examples/fashion-mnist-keras.ts
 */
import * as torch from "../src/index.js";

const { keras } = torch;
const { layers, losses } = keras;

torch.manualSeed(0);

const fashionMnist = keras.datasets.fashionMnist;
const [[trainImagesU8, trainLabels], [testImagesU8, testLabels]] = fashionMnist.loadData();
const classNames = [
  "T-shirt/top",
  "Trouser",
  "Pullover",
  "Dress",
  "Coat",
  "Sandal",
  "Shirt",
  "Sneaker",
  "Bag",
  "Ankle boot",
];

console.log(trainImagesU8.shape, trainLabels.shape, testImagesU8.shape); // [60000, 28, 28] [60000] [10000, 28, 28]

// Preprocess: scale pixel values to [0, 1]
const trainImages = trainImagesU8.div(255.0);
const testImages = testImagesU8.div(255.0);

// Build the model
const model = keras.Sequential([
  layers.Flatten({ inputShape: [28, 28] }),
  layers.Dense(128, { activation: "relu" }),
  layers.Dense(10),
]);
model.summary();

model.compile({
  optimizer: "adam",
  loss: new losses.SparseCategoricalCrossentropy({ fromLogits: true }),
  metrics: ["accuracy"],
});

// Train
const epochs = Number(process.env.EPOCHS ?? 10);
await model.fit(trainImages, trainLabels, { epochs });

// Evaluate accuracy
const [testLoss, testAcc] = model.evaluate(testImages, testLabels, { verbose: 2 });
console.log("\nTest accuracy:", testAcc, "(loss", testLoss, ")");

// Make predictions
const probabilityModel = keras.Sequential([model, layers.Softmax()]);
const predictions = probabilityModel.predict(testImages);
console.log(predictions.select(0, 0).tolist());
const guess = predictions.select(0, 0).argmax().item() as number;
console.log(
  `first test image: predicted ${classNames[guess]}, label ${classNames[testLabels.select(0, 0).item() as number]}`,
);

// Use the trained model on a single image (add the batch axis)
const img = testImages.select(0, 1).unsqueeze(0);
console.log(img.shape); // [1, 28, 28]
const single = probabilityModel.predict(img);
console.log(single.tolist(), "→", classNames[single.argmax(1).item() as number]);
