/**
 * Fashion-MNIST (Zalando): 28×28 grey images of 10 clothing classes, MNIST's file format.
 * On Debian: `sudo apt-get install dataset-fashion-mnist` puts the files where this finds them.
 */
import { FASHION_FLAVOUR, MnistLike, type MnistOptions } from "./mnist.js";

/**
 * Fashion-MNIST (`torchvision.datasets.FashionMNIST`).
 * @example const test = new FashionMNIST({ train: false, transform: new ToTensor() }); test.classes[test.getItem(0)[1] as number] // fragment
 */
export class FashionMNIST extends MnistLike {
  protected flavour(): typeof FASHION_FLAVOUR {
    return FASHION_FLAVOUR;
  }
  protected override moduleUrl(): string {
    return import.meta.url;
  }
  /** Downloads missing files first when `download: true`. @example await FashionMNIST.load({ download: true }) // fragment: needs the dataset files */
  static load(opts: MnistOptions = {}): Promise<FashionMNIST> {
    return MnistLike._load(FASHION_FLAVOUR, () => new FashionMNIST(opts), opts);
  }
}
