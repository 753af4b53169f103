/**
 * `torch.data.datasets`: IDX files, MNIST / Fashion-MNIST, synthetic data, CSV.
 * @example const train = new data.datasets.FashionMNIST({ transform: new data.transforms.ToTensor() }); // fragment: needs the dataset files
 */
export { readIdx, parseIdx } from "./idx.js";
export { IdxFormatError, DatasetError, CsvFormatError } from "./errors.js";
export { MNIST, type MnistOptions } from "./mnist.js";
export { FashionMNIST } from "./fashion-mnist.js";
export { makeRegression, makeMoons, makeCircles, makeBlobs, trainTestSplit } from "./synthetic.js";
export { loadCsv, parseCsv, type CsvOptions, type CsvTable } from "./csv.js";
export { downloadUrl, type DownloadOptions } from "./download.js";
