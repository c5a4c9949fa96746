/** Every bundled library block (each file registers its modules with defineLibrary). */
import './torchvision';
import './argparse';
import './timm';
