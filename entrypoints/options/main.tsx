import { mountOptions } from '../../components/options/mount';

mountOptions();
