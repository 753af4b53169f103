/**
 * "Deep Learning with PyTorch Step-by-Step" (vol. I), chapter 1 "A Simple Regression Problem",
 * line by line from "PyTorch" on: the data of chapter 0 (NumPy's) as float32 tensors, autograd,
 * the update by hand under `noGrad`, `optim.SGD`, `nn.MSELoss`, a model class
 * (`ManualLinearRegression`), a nested model, `nn.Sequential`, layers, and "Putting It All
 * Together" (data preparation, model configuration and model training V0). Prints what the book
 * prints: `tensor([0.3367], requires_grad=True) tensor([0.1288], requires_grad=True)`,
 * the gradients `tensor([-3.1125]) tensor([-1.8156])`, and after 1000 epochs
 * `tensor([1.0235], requires_grad=True) tensor([1.9690], requires_grad=True)`.
 *
 * Run: npx tsx examples/book/chapter1.ts
 */
import { pathToFileURL } from "node:url";
import * as torch from "../../src/index.js";
import { generateData } from "./chapter0.js";
import { formatStateDict, stateValues, values, type Log } from "./format.js";

const { nn, optim } = torch;
type Tensor = torch.Tensor;

export interface Options {
  /** Epochs of each training loop (the book: 1000). */
  nEpochs?: number;
  /** Where printed lines go (console.log). */
  log?: Log;
}

/** The book's first model: b and w as Parameters of an nn.Module. */
export class ManualLinearRegression extends nn.Module {
  // To make "b" and "w" real parameters of the model, we need to wrap them with nn.Parameter
  b = new nn.Parameter(torch.randn(1, { requiresGrad: true, dtype: torch.float }));
  w = new nn.Parameter(torch.randn(1, { requiresGrad: true, dtype: torch.float }));

  override forward(x: Tensor): Tensor {
    // Computes the outputs / predictions
    return this.b.add(this.w.mul(x));
  }
}

/** A nested model: one nn.Linear(1, 1) as an attribute. */
export class MyLinearRegression extends nn.Module {
  // Instead of our custom parameters, we use a Linear model with single input and single output
  linear = new nn.Linear(1, 1);

  override forward(x: Tensor): Tensor {
    // Now it only takes a call
    return this.linear.call(x);
  }
}

export interface Result {
  init: number[];
  grads: number[];
  requiresGrad: boolean[];
  autograd: number[];
  optimizer: number[];
  lossFn: number[];
  lastLoss: number;
  lastLossStr: string;
  manualModel: Record<string, number[]>;
  myLinear: Record<string, number[]>;
  sequentialInit: Record<string, number[]>;
  layers: Record<string, number[]>;
  final: Record<string, number[]>;
}

export function main(opts: Options = {}): Result {
  const log = opts.log ?? console.log;
  const nEpochs = opts.nEpochs ?? 1000;
  const { xTrain, yTrain } = generateData();

  const device = torch.cuda.isAvailable() ? "cuda" : "cpu";

  // Our data was in Numpy arrays, but we need to transform them into PyTorch's Tensors and then
  // we send them to the chosen device
  const xTrainTensor = torch.asTensor(xTrain).float().to(device);
  const yTrainTensor = torch.asTensor(yTrain).float().to(device);

  // Step 0 - Initializes parameters "b" and "w" randomly
  torch.manualSeed(42);
  let b = torch.randn(1, { requiresGrad: true, dtype: torch.float, device });
  let w = torch.randn(1, { requiresGrad: true, dtype: torch.float, device });
  log(`${b} ${w}`);
  const init = [...values(b), ...values(w)];

  // Step 1 - Computes our model's predicted output - forward pass
  let yhat = b.add(w.mul(xTrainTensor));
  // Step 2 - Computes the loss
  // We are using ALL data points, so this is BATCH gradient descent. How wrong is our model?
  // That's the error!
  let error = yhat.sub(yTrainTensor);
  // It is a regression, so it computes mean squared error (MSE)
  let loss = error.pow(2).mean();
  // Step 3 - Computes gradients for both "b" and "w" parameters
  // No more manual computation of gradients!
  loss.backward();
  const requiresGrad = [error, yhat, b, w, yTrainTensor, xTrainTensor].map((t) => t.requiresGrad);
  log(requiresGrad.map((v) => (v ? "True" : "False")).join(" "));
  log(`${b.grad} ${w.grad}`);
  const grads = [...values(b.grad!), ...values(w.grad!)];

  // Sets learning rate - this is "eta" ~ the "n"-like Greek letter
  const lr = 0.1;

  // Updating parameters: autograd, the update by hand without recording it in the graph
  torch.manualSeed(42);
  b = torch.randn(1, { requiresGrad: true, dtype: torch.float, device });
  w = torch.randn(1, { requiresGrad: true, dtype: torch.float, device });
  for (let epoch = 0; epoch < nEpochs; epoch++) {
    yhat = b.add(w.mul(xTrainTensor));
    error = yhat.sub(yTrainTensor);
    loss = error.pow(2).mean();
    loss.backward();
    // We need to use NO_GRAD to keep the update out of the gradient computation
    torch.noGrad(() => {
      b.sub_(b.grad!.mul(lr));
      w.sub_(w.grad!.mul(lr));
    });
    // PyTorch is "clingy" to its computed gradients, we need to tell it to let it go...
    b.grad!.zero_();
    w.grad!.zero_();
  }
  log(`${b} ${w}`);
  const autograd = [...values(b), ...values(w)];

  // Optimizer
  torch.manualSeed(42);
  b = torch.randn(1, { requiresGrad: true, dtype: torch.float, device });
  w = torch.randn(1, { requiresGrad: true, dtype: torch.float, device });
  log(`${b} ${w}`);
  // Defines a SGD optimizer to update the parameters
  let optimizer = new optim.SGD([b, w], { lr });
  for (let epoch = 0; epoch < nEpochs; epoch++) {
    yhat = b.add(w.mul(xTrainTensor));
    error = yhat.sub(yTrainTensor);
    loss = error.pow(2).mean();
    loss.backward();
    // Step 4 - Updates parameters using gradients and the learning rate. No more manual update!
    optimizer.step();
    // No more telling PyTorch to let gradients go!
    optimizer.zeroGrad();
  }
  log(`${b} ${w}`);
  const optimizerResult = [...values(b), ...values(w)];

  // Loss
  torch.manualSeed(42);
  b = torch.randn(1, { requiresGrad: true, dtype: torch.float, device });
  w = torch.randn(1, { requiresGrad: true, dtype: torch.float, device });
  optimizer = new optim.SGD([b, w], { lr });
  // Defines a MSE loss function
  let lossFn = new nn.MSELoss({ reduction: "mean" });
  for (let epoch = 0; epoch < nEpochs; epoch++) {
    yhat = b.add(w.mul(xTrainTensor));
    // Step 2 - Computes the loss. No more manual loss!
    loss = lossFn.call(yhat, yTrainTensor);
    loss.backward();
    optimizer.step();
    optimizer.zeroGrad();
  }
  log(`${b} ${w}`);
  const lossFnResult = [...values(b), ...values(w)];
  log(String(loss));
  const lastLoss = loss.item() as number;
  const lastLossStr = String(loss);
  log(`(${loss.item()}, ${loss.tolist()})`);

  // Model
  torch.manualSeed(42);
  // Creates a "dummy" instance of our ManualLinearRegression model
  const dummy = new ManualLinearRegression();
  log(formatStateDict(dummy.stateDict()));

  torch.manualSeed(42);
  // Now we can create a model and send it at once to the device
  let model: torch.nn.Module = new ManualLinearRegression().to(device);
  // Defines a SGD optimizer to update the parameters (now retrieved directly from the model)
  optimizer = new optim.SGD(model.parameters(), { lr });
  lossFn = new nn.MSELoss({ reduction: "mean" });
  for (let epoch = 0; epoch < nEpochs; epoch++) {
    model.train(); // What is this?!?
    // Step 1 - Computes model's predicted output - forward pass. No more manual prediction!
    yhat = model.call(xTrainTensor);
    loss = lossFn.call(yhat, yTrainTensor);
    loss.backward();
    optimizer.step();
    optimizer.zeroGrad();
  }
  // We can also inspect its parameters using its stateDict
  log(formatStateDict(model.stateDict()));
  const manualModel = stateValues(model.stateDict());

  // Nested models
  torch.manualSeed(42);
  const dummyNested = new MyLinearRegression().to(device);
  log(formatStateDict(dummyNested.stateDict()));
  const myLinear = stateValues(dummyNested.stateDict());

  // Sequential models
  torch.manualSeed(42);
  // Alternatively, you can use a Sequential model
  model = new nn.Sequential(new nn.Linear(1, 1)).to(device);
  log(formatStateDict(model.stateDict()));
  const sequentialInit = stateValues(model.stateDict());

  // Layers
  torch.manualSeed(42);
  // Building the model from the figure above
  const layered = new nn.Sequential();
  layered.addModule("layer1", new nn.Linear(3, 5));
  layered.addModule("layer2", new nn.Linear(5, 1));
  layered.to(device);
  log(formatStateDict(layered.stateDict()));
  const layers = stateValues(layered.stateDict());

  // Putting It All Together
  // Data Preparation V0: xTrainTensor and yTrainTensor above
  // Model Configuration V0
  torch.manualSeed(42);
  // Now we can create a model and send it at once to the device
  model = new nn.Sequential(new nn.Linear(1, 1)).to(device);
  // Defines a SGD optimizer to update the parameters (now retrieved directly from the model)
  optimizer = new optim.SGD(model.parameters(), { lr });
  // Defines a MSE loss function
  lossFn = new nn.MSELoss({ reduction: "mean" });
  // Model Training V0
  for (let epoch = 0; epoch < nEpochs; epoch++) {
    // Sets model to TRAIN mode
    model.train();
    // Step 1 - Computes model's predicted output - forward pass
    yhat = model.call(xTrainTensor);
    // Step 2 - Computes the loss
    loss = lossFn.call(yhat, yTrainTensor);
    // Step 3 - Computes gradients for both "b" and "w" parameters
    loss.backward();
    // Step 4 - Updates parameters using gradients and the learning rate
    optimizer.step();
    optimizer.zeroGrad();
  }
  log(formatStateDict(model.stateDict()));
  const final = stateValues(model.stateDict());

  return {
    init,
    grads,
    requiresGrad,
    autograd,
    optimizer: optimizerResult,
    lossFn: lossFnResult,
    lastLoss,
    lastLossStr,
    manualModel,
    myLinear,
    sequentialInit,
    layers,
    final,
  };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) main();
